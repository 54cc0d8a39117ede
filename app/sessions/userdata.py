"""The uploaded data sets of this process, by content-derived id, bounded in count and bytes.

The same rows always get the same id (:mod:`app.core.table`), so uploading a
table twice keeps one copy. When a new table would pass either bound, the least
recently used tables go first. A session keeps the table it was built from, so an
evicted table only stops new sessions from starting on it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from app.core.table import ID_PREFIX, Table, UserDataError


class TableStore:
    """User tables by id, least recently used first; thread-safe."""

    def __init__(self, *, max_tables: int = 50, max_bytes: int = 100_000_000) -> None:
        self.max_tables = max_tables
        self.max_bytes = max_bytes
        self._tables: OrderedDict[str, Table] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def nbytes(self) -> int:
        """The bytes the tables kept hold together."""
        with self._lock:
            return sum(table.nbytes for table in self._tables.values())

    def add(self, table: Table) -> Table:
        """Keep ``table`` (or the copy already kept under its id); evict to stay in bounds."""
        if table.nbytes > self.max_bytes:
            raise UserDataError(
                f"the data takes {table.nbytes:,} bytes; the server keeps at most "
                f"{self.max_bytes:,} bytes of uploaded data"
            )
        with self._lock:
            kept = self._tables.pop(table.id, table)
            total = sum(t.nbytes for t in self._tables.values()) + kept.nbytes
            while self._tables and (len(self._tables) >= self.max_tables or total > self.max_bytes):
                _, oldest = self._tables.popitem(last=False)
                total -= oldest.nbytes
            self._tables[kept.id] = kept
            return kept

    def get(self, table_id: str) -> Table | None:
        """The table with this id, now the most recently used; None if it is not here (any more)."""
        if not table_id.startswith(ID_PREFIX):
            return None
        with self._lock:
            table = self._tables.get(table_id)
            if table is not None:
                self._tables.move_to_end(table_id)
            return table
