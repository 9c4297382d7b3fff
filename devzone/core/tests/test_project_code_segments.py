"""Project code segments against their code lists: the region (GB/T 2260 in use in the code's year) and the
legacy industry division (GB/T 4754). Hand-checked codes; the real ones come from
/work/shared/data/code_samples.yaml."""

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from devzone.core import regions
from devzone.core.codes import CodeError, make_project_code, parse_project_code


@pytest.mark.parametrize(
    "code",
    [
        "2412-370829-04-01-158696",  # 嘉祥县 水泥制品项目 (real)
        "2505-330354-04-01-274607",  # 温州 生态景观建设项目 (real; functional-area code, extra list)
        "2019-370104-84-03-076425",  # 济南 槐荫区 医院项目 备案 (real)
        "2018-370481-33-03-047024",  # 滕州 机械零部件项目 (real)
        "2018-370112-35-03-012345",  # 历城区, 专用设备制造业
        "2018-370115-35-03-012345",  # 济阳区 from 2018
        "2018-370125-35-03-012345",  # 济阳县 until it became 济阳区 during 2018
        "2015-370125-35-03-012345",
    ],
)
def test_it_accepts_codes_whose_region_was_in_use_in_their_year(code):
    assert parse_project_code(code).code == code


@pytest.mark.parametrize(
    ("code", "reason", "words"),
    [
        (
            "2017-370115-35-03-012345",
            "region_year",
            ["第二段（地区代码）370115", "2017年", "济阳区：2018年起"],
        ),
        ("2019-370125-35-03-012345", "region_year", ["370125", "2019年", "济阳县：1989–2018年"]),
        ("2018-999999-35-03-012345", "region", ["第二段（地区代码）999999", "GB/T 2260"]),
        ("2018-370112-00-03-012345", "industry", ["第三段（行业代码）00", "GB/T 4754"]),
        ("2018-370112-98-03-012345", "industry", ["98", "01–97"]),
        ("2016-370112-97-03-012345", "industry", ["97", "01–96"]),  # 97 国际组织 came with GB/T 4754-2017
    ],
)
def test_it_refuses_a_segment_outside_its_list_naming_the_segment(code, reason, words):
    with pytest.raises(CodeError) as exc:
        parse_project_code(code)
    assert exc.value.code == reason
    for w in words:
        assert w in exc.value.reason


def test_a_new_format_code_checks_its_region_in_its_year():
    # 济阳区 has been 370115 since 2018, so every new-format code (2020-11 onwards) may use it; 济阳县 never.
    assert parse_project_code(make_project_code("2101", "370115", "04", "01", "00001")).region == "370115"
    with pytest.raises(CodeError) as exc:
        parse_project_code(make_project_code("2101", "370125", "04", "01", "00001"))
    assert exc.value.code == "region_year"


def test_the_data_file_cites_its_source_and_holds_the_history():
    head = regions.MAIN_FILE.read_text(encoding="utf-8")[:600]
    assert "yescallop/areacodes" in head and "CC0" in head
    assert [(d.name, d.valid_from, d.valid_to) for d in regions.known_periods("370125")] == [
        ("济阳县", 1989, 2018)
    ]
    assert regions.division_at("370100", 2026).name == "济南市"  # after the data's last year: the latest list


@given(year=st.integers(min_value=2014, max_value=2020))
def test_jiyang_has_exactly_one_valid_code_per_year_except_the_year_of_change(year):
    def ok(region):
        try:
            parse_project_code(f"{year}-{region}-35-03-012345")
        except CodeError:
            return False
        return True

    assert (ok("370125"), ok("370115")) == (year <= 2018, year >= 2018)


def test_the_command_rebuilds_the_list_from_an_areacodes_file(tmp_path, monkeypatch, capsys):
    src = tmp_path / "result.csv"
    src.write_text(
        "\ufeff代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码\n"
        "370125,山东省,济南市,济阳县,县级,弃用,1989,2018,370115\n"
        "370115,山东省,济南市,济阳区,县级,在用,2018,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "gbt2260.csv"
    monkeypatch.setattr(regions, "MAIN_FILE", target)
    monkeypatch.setattr(regions, "EXTRA_FILE", tmp_path / "none.csv")
    try:
        call_command("region_codes", "--from", str(src), "--source", "test copy")
        text = target.read_text(encoding="utf-8")
        assert "# Source of this copy: test copy" in text
        assert "370115,济阳区,2018,\n" in text and "370125,济阳县,1989,2018\n" in text
        assert regions.division_at("370115", 2019).name == "济阳区"
    finally:
        regions.divisions.cache_clear()
        regions.last_year.cache_clear()


def test_the_command_refuses_a_file_of_another_shape(tmp_path):
    from django.core.management.base import CommandError

    src = tmp_path / "x.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="result.csv"):
        call_command("region_codes", "--from", str(src))
