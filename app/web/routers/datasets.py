"""The data sets the server offers."""

from dataclasses import asdict

from fastapi import APIRouter

from app.core import datasets
from app.web.deps import SettingsDep
from app.web.protocol import DatasetOut

router = APIRouter(prefix="/api", tags=["datasets"])


@router.get("/datasets")
def list_datasets(settings: SettingsDep) -> list[DatasetOut]:
    """List every data set with its inputs, classes and default network sizes."""
    mnist = str(settings.mnist_path) if settings.mnist_path else None
    return [DatasetOut.model_validate(asdict(info)) for info in datasets.catalogue(mnist).values()]
