"""What a non-editable install ships: every folder of Python modules is a package
(setuptools' `packages.find` skips a folder without `__init__.py`)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "store", "tools", "agent", "prompts", "api", "evals", "service")


def test_every_folder_with_modules_is_a_package() -> None:
    missing = [
        str(folder.relative_to(ROOT))
        for top in PACKAGES
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir()
        and "__pycache__" not in folder.parts
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []


def test_every_top_level_folder_is_mapped_under_bookbot() -> None:
    for top in PACKAGES:
        link = ROOT / "bookbot" / top
        assert link.is_symlink() and link.resolve() == ROOT / top
