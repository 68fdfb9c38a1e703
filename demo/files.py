"""The demo's data files, `demo/data/<name>.toml`, read with the standard library's tomllib."""

import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
