import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhenwei.core.models import Division
from zhenwei.core.services import division_import, normalize_division_code


@pytest.mark.parametrize(
    "raw,code,level",
    [
        ("50", "500000", "province"),
        ("5002", "500200", "prefecture"),
        ("500235", "500235", "county"),
        ("500235116", "500235116", "town"),
        ("500235116000", "500235116", "town"),
        ("442000000000", "442000", "prefecture"),
    ],
)
def test_code_normalisation(raw, code, level):
    assert normalize_division_code(raw) == (code, level)


@pytest.mark.parametrize("raw", ["", "abc", "5002351", "500235116001"])
def test_bad_codes_are_refused_with_a_reason(raw):
    with pytest.raises(ValidationError):
        normalize_division_code(raw)


def test_import_builds_tree_skips_pseudo_prefectures_and_is_idempotent(db, tmp_path, capsys):
    f = tmp_path / "d.csv"
    f.write_text(
        "code,name,parent_code\n50,重庆市,\n5002,县,50\n500235,云阳县,5002\n500235116,农坝镇,500235\n"
        "999999999,无上级,\n,空代码,\n",
        encoding="utf-8",
    )
    s = division_import(path=f)
    assert (s.created, s.rejected) == (3, 2)
    town = Division.objects.get(code="500235116")
    assert town.path == "/500000/500235/500235116/"
    assert town.parent.parent.code == "500000"
    again = division_import(path=f)
    assert again.created == 0 and again.updated == 0
    call_command("import", "divisions", str(f))
    assert "created 0" in capsys.readouterr().out


def test_import_rejects_file_without_code_column(db, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="code"):
        division_import(path=f)


def test_import_rejects_binary_garbage(db, tmp_path):
    f = tmp_path / "bin.csv"
    f.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ValidationError):
        division_import(path=f)
