"""Where the page's own files are: inside the installed package, or beside it in a checkout.

The repository keeps ``static/`` and ``templates/`` at its top level; a wheel carries them inside
the package as ``app/static`` and ``app/templates`` (pyproject.toml maps them at build time).
"""

from importlib.resources import files
from pathlib import Path

CHECKOUT_DIR = Path(__file__).resolve().parents[2]


def web_dir(name: str) -> Path:
    """The folder ``name`` (``static`` or ``templates``): the packaged one, else the checkout's."""
    packaged = Path(str(files("app") / name))
    if packaged.is_dir():
        return packaged
    checkout = CHECKOUT_DIR / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no {name!r} folder for the app: looked in {packaged} and {checkout}")
