"""The schema is the one declaration of every table: README, Parquet types and the build follow it."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.build.tables import write_table
from analysis.schema import CONTRACT_KEYS, TABLES, markdown, readme_tables

from conftest import ROOT


def test_readme_field_tables_are_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tables() in readme, "README field tables drifted: paste `python -m analysis schema`"


def test_every_column_is_documented_once():
    for name, table in TABLES.items():
        grouped = [c for group in table.groups for c in group]
        assert grouped == table.columns, name
        assert len(set(table.columns)) == len(table.columns), name
        assert all(f.meaning.strip() for f in table.fields), name
        assert markdown(name).startswith(f"### {name}\n")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_an_empty_table_keeps_its_declared_types(name, tmp_path):
    table = TABLES[name]
    path = tmp_path / f"{name}.parquet"
    write_table(name, pd.DataFrame(columns=table.columns), path)
    assert pq.read_schema(path).remove_metadata() == table.arrow_schema


def test_unknown_column_is_refused(tmp_path):
    frame = pd.DataFrame(columns=TABLES["removals"].columns + ["surprise"])
    with pytest.raises(ValueError, match="surprise"):
        write_table("removals", frame, tmp_path / "removals.parquet")


def test_contract_keys_name_document_columns_or_record_lists():
    documents = set(TABLES["documents"].columns)
    for key in CONTRACT_KEYS:
        assert key in documents or key in ("claims", "references", "skipped"), key
