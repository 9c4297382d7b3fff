"""机构改革 and 管委会+公司 through the services: before/after counts and the front-line share computed from the
rows, the history of a body (set up, merged, abolished) with its 文号, bad input refused with a clear Chinese
message and nothing changed, the bulletin's figures (None without rows), and the demo reproducing 109 → 64 and
26.3."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.core import registry
from devzone.core.choices import ZoneOperator
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Zone
from devzone.planning import institutions, reform
from devzone.planning.models import InstitutionReform, InternalBody, Park, ZoneParty
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
CUT = dt.date(2019, 6, 1)
OLD = dt.date(2008, 1, 1)


def body(officer, zone, name, fn="other", staff=5, on=OLD, doc="济开发〔2008〕1号"):
    return institutions.body_create(
        actor=officer,
        zone_id=zone.pk,
        name=name,
        function=fn,
        staff=staff,
        established_on=on,
        established_doc=doc,
    )


@pytest.fixture
def reformed(city_officer, zone_a):
    """甲: 4 bodies before (招商局 2, 办公室 6, 财政局 6, 社会事务局 6 staff), 2 after (投资促进部 10, 综合部 10)."""
    old = [body(city_officer, zone_a, "招商局", "investment", 2)] + [
        body(city_officer, zone_a, n, staff=6) for n in ("办公室", "财政局", "社会事务局")
    ]
    new = [
        body(city_officer, zone_a, "投资促进部", "investment", 10, CUT, "甲改〔2019〕1号"),
        body(city_officer, zone_a, "综合部", "other", 10, CUT, "甲改〔2019〕1号"),
    ]
    institutions.reform_set(actor=city_officer, zone_id=zone_a.pk, reform_on=CUT, document="甲改〔2019〕1号")
    institutions.body_merge(
        actor=city_officer, body_id=old[0].pk, into_id=new[0].pk, on=CUT, document="甲改〔2019〕1号"
    )
    institutions.body_merge(
        actor=city_officer, body_id=old[1].pk, into_id=new[1].pk, on=CUT, document="甲改〔2019〕1号"
    )
    for b in old[2:]:
        institutions.body_abolish(actor=city_officer, body_id=b.pk, on=CUT, document="甲改〔2019〕1号")
    return old, new


def test_counts_and_share_from_rows(reformed, city_officer, zone_a, zone_b):
    c = institutions.city_counts(city_officer)
    a = next(r for r in c.zones if r.zone == zone_a)
    assert (a.before, a.after, a.change) == (4, 2, Decimal("-50.0"))
    assert (
        a.share_before == Decimal("10.0") and a.share_after == Decimal("50.0") and a.rise == Decimal("40.0")
    )
    b = next(r for r in c.zones if r.zone == zone_b)
    assert b.reform is None and b.before is None  # no cut: not counted, said so
    assert (c.before, c.after, c.change) == (4, 2, Decimal("-50.0"))
    old = InternalBody.objects.get(name="招商局")
    assert (old.end, old.ended_on, old.ended_doc, old.merged_into.name) == (
        "merged",
        CUT,
        "甲改〔2019〕1号",
        "投资促进部",
    )


def test_body_ended_twice_is_refused_and_nothing_changes(reformed, city_officer):
    old, new = reformed
    with pytest.raises(DomainError) as e:
        institutions.body_abolish(
            actor=city_officer, body_id=old[2].pk, on="2020-01-01", document="x〔2020〕1号"
        )
    assert "不能再次变动" in str(e.value.messages())
    with pytest.raises(DomainError):
        institutions.body_merge(
            actor=city_officer, body_id=old[0].pk, into_id=new[1].pk, on="2020-01-01", document="x"
        )
    again = InternalBody.objects.get(pk=old[2].pk)
    assert (again.end, again.ended_on) == ("abolished", CUT)


def test_merge_into_an_ended_body_is_refused(reformed, city_officer, zone_a):
    old, new = reformed
    fresh = body(city_officer, zone_a, "科技部", on=dt.date(2020, 1, 1), doc="甲发〔2020〕2号")
    with pytest.raises(DomainError) as e:
        institutions.body_merge(
            actor=city_officer,
            body_id=fresh.pk,
            into_id=old[2].pk,
            on="2021-01-01",
            document="甲发〔2021〕1号",
        )
    assert "不能并入已撤销的机构" in str(e.value.messages())
    with pytest.raises(DomainError) as e:
        institutions.body_merge(
            actor=city_officer,
            body_id=fresh.pk,
            into_id=fresh.pk,
            on="2021-01-01",
            document="甲发〔2021〕1号",
        )
    assert "自身" in str(e.value.messages())
    assert InternalBody.objects.get(pk=fresh.pk).ended_on is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"on": "2007-01-01"}, "须晚于设立日期"),
        ({"on": "not a date"}, "有效日期"),
        ({"document": "  "}, "文号"),
        # a day of the reform's history is within 2000–2100, as the API's Day says
        ({"on": "0001-01-01"}, "日期应在2000年至2100年之间"),
        ({"on": "2101-01-01"}, "日期应在2000年至2100年之间"),
    ],
)
def test_bad_abolish(city_officer, zone_a, kwargs, message):
    b = body(city_officer, zone_a, "办公室")
    with pytest.raises(DomainError) as e:
        institutions.body_abolish(
            actor=city_officer, body_id=b.pk, **({"on": "2020-01-01", "document": "x"} | kwargs)
        )
    assert message in str(e.value.messages())
    assert InternalBody.objects.get(pk=b.pk).ended_on is None


def test_merge_across_zones_and_duplicate_names_refused(city_officer, zone_a, zone_b):
    a = body(city_officer, zone_a, "办公室")
    b = body(city_officer, zone_b, "办公室")
    with pytest.raises(DomainError) as e:
        institutions.body_merge(actor=city_officer, body_id=a.pk, into_id=b.pk, on="2020-01-01", document="x")
    assert "不属于本开发区" in str(e.value.messages())
    with pytest.raises(DomainError) as e:
        body(city_officer, zone_a, "办公室")
    assert "同名" in str(e.value.messages())
    assert InternalBody.objects.count() == 2


def test_contract_ending_before_it_starts_is_refused(city_officer, zone_a):
    for fn, extra in (
        (institutions.party_set, {"role": "platform"}),
        (institutions.park_set, {"operator": "某运营公司"}),
    ):
        with pytest.raises(DomainError) as e:
            fn(
                actor=city_officer,
                zone_id=zone_a.pk,
                name="甲园",
                starts_on="2030-01-01",
                ends_on="2020-01-01",
                **extra,
            )
        assert "合同截止日期须晚于起始日期" in str(e.value.messages())
    assert not ZoneParty.objects.exists() and not Park.objects.exists()


def test_park_in_park_needs_its_parent(city_officer, zone_a, zone_b):
    outer = institutions.park_set(actor=city_officer, zone_id=zone_b.pk, name="乙园", operator="乙公司")
    with pytest.raises(DomainError) as e:
        institutions.park_set(
            actor=city_officer, zone_id=zone_a.pk, name="内园", operator="X", kind="park_park"
        )
    assert "所在园区" in str(e.value.messages())
    with pytest.raises(DomainError):
        institutions.park_set(
            actor=city_officer,
            zone_id=zone_a.pk,
            name="内园",
            operator="X",
            kind="park_park",
            parent_id=outer.pk,
        )
    mine = institutions.park_set(actor=city_officer, zone_id=zone_a.pk, name="甲园", operator="甲公司")
    inner = institutions.park_set(
        actor=city_officer, zone_id=zone_a.pk, name="内园", operator="X", kind="park_park", parent_id=mine.pk
    )
    assert inner.parent == mine


def test_zone_leader_writes_nothing(zone_a_leader, zone_a):
    with pytest.raises(PermissionDeniedError):
        body(zone_a_leader, zone_a, "办公室")
    with pytest.raises(PermissionDeniedError):
        institutions.reform_set(actor=zone_a_leader, zone_id=zone_a.pk, reform_on=CUT, document="x")


def test_bulletin_figures(reformed, city, city_officer, zone_a, zone_b):
    f.ZoneFactory(city=city, name="丙开发区", merged_into=zone_b, merged_on=dt.date(2019, 8, 1))
    f.ZoneFactory(city=city, name="丁开发区", merged_into=zone_b, merged_on=dt.date(2019, 8, 1))
    Zone.objects.filter(pk=zone_a.pk).update(operator=ZoneOperator.COMPANY, operating_company="某钢铁公司")
    figs = {x.key: x for x in registry.bulletin_figures(city=city) if x.key.startswith("institutions")}
    assert figs["institutions.before"].value == 4 and figs["institutions.after"].value == 2
    assert (
        figs["institutions.change"].value
        == Decimal("50.0")  # 精简比例: the share cut, as the report prints it
        and figs["institutions.change"].reported == "42%"
    )
    # one reform day is written as that date (not 2019-06-01–2019-06-01); the merges' days too
    assert figs["institutions.change"].period == "各开发区机构改革实施日前一日与实施日（2019年6月1日）"
    assert figs["institutions.merged"].period == "2019年8月1日"
    assert figs["institutions.front_line_rise"].value == Decimal("40.0")
    assert figs["institutions.merged"].value == 2
    assert figs["institutions.company_run"].value == 1
    assert all(x.url and x.rule for x in figs.values())


def test_bulletin_without_rows_says_none(city):
    figs = {x.key: x for x in registry.bulletin_figures(city=city) if x.key.startswith("institutions")}
    assert figs["institutions.before"].value is None
    assert figs["institutions.change"].value is None
    assert figs["institutions.front_line_rise"].value is None
    assert figs["institutions.merged"].value is None
    assert figs["institutions.company_run"].value is None


def test_demo_reproduces_the_report():
    from devzone.core.demo import loader

    demo = loader.load(2019, steps=("institutions",))
    city = demo["city"]
    figs = {x.key: x for x in registry.bulletin_figures(city=city) if x.key.startswith("institutions")}
    assert (figs["institutions.before"].value, figs["institutions.after"].value) == (109, 64)
    assert figs["institutions.change"].value == Decimal("41.3")
    assert figs["institutions.front_line_rise"].value == Decimal("26.3")
    merged = figs["institutions.merged"]
    assert merged.value == 3 and "莱芜高新" in merged.label and merged.reported
    assert figs["institutions.company_run"].value == 1
    steel = ZoneParty.objects.filter(zone=demo["zones"]["钢铁经开区"])
    assert sorted(steel.values_list("role", flat=True)) == ["co_builder", "operator"]
    assert (
        InternalBody.objects.filter(department__isnull=True).count() == 0
    )  # each linked to core's Department


# --- the arithmetic, property-tested ---

bodies_st = st.lists(
    st.builds(
        reform.Body,
        st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
        st.one_of(st.none(), st.dates(dt.date(2000, 1, 2), dt.date(2031, 1, 1))),
        st.integers(0, 50),
        st.booleans(),
    ),
    max_size=30,
)


@given(bodies_st, st.dates(dt.date(2000, 1, 1), dt.date(2031, 1, 1)))
def test_active_on_is_a_subset_and_respects_dates(bodies, day):
    got = reform.active_on(bodies, day)
    assert all(b.established_on <= day and (b.ended_on is None or b.ended_on > day) for b in got)
    assert len(got) == sum(
        1 for b in bodies if b.established_on <= day and (b.ended_on is None or b.ended_on > day)
    )


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_change_percent(before, after):
    got = reform.change_percent(before, after)
    if before == 0:
        assert got is None
    else:
        assert abs(got - Decimal(100) * (after - before) / before) <= Decimal("0.05")


@given(bodies_st)
def test_share_between_0_and_100(bodies):
    s = reform.share(bodies)
    if sum(b.staff for b in bodies) == 0:
        assert s is None
    else:
        assert Decimal(0) <= s <= Decimal(100)


def test_the_report_figure():
    assert reform.change_percent(109, 64) == Decimal("-41.3")
    assert reform.reduction_percent(109, 64) == Decimal("41.3")


@given(st.integers(0, 500), st.integers(0, 500))
def test_the_reduction_is_the_change_with_its_sign_reversed(before, after):
    change, cut = reform.change_percent(before, after), reform.reduction_percent(before, after)
    assert (cut is None) == (change is None) and (cut is None or cut == -change)


def test_the_bulletin_writes_the_range_of_reform_days_as_dates(reformed, city, city_officer, zone_b):
    later = dt.date(2019, 12, 1)
    body(city_officer, zone_b, "党政办公室", on=OLD)
    institutions.reform_set(
        actor=city_officer, zone_id=zone_b.pk, reform_on=later, document="乙改〔2019〕1号"
    )
    figs = {x.key: x for x in registry.bulletin_figures(city=city) if x.key.startswith("institutions")}
    assert (
        figs["institutions.change"].period
        == "各开发区机构改革实施日前一日与实施日（2019年6月1日–2019年12月1日）"
    )


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", dt.datetime(1, 1, 1, 8)])
def test_a_reform_date_outside_2000_2100_is_refused_and_nothing_saved(city_officer, zone_a, day):
    """The before-count takes the day before the cut: 0001-01-01 was saved and every page that counts (the
    institutions page, the bulletin, the city officer's desk) answered 500 from then on."""
    with pytest.raises(DomainError) as e:
        institutions.reform_set(
            actor=city_officer, zone_id=zone_a.pk, reform_on=day, document="济发〔2019〕1号"
        )
    assert "日期应在2000年至2100年之间" in str(e.value.messages())
    assert not InstitutionReform.objects.filter(zone=zone_a).exists()
    assert institutions.city_counts(city_officer).zones[0].reform is None


def test_a_body_set_up_before_2000_still_counts(city_officer, zone_a):
    """Set-up dates are history (a zone founded in 1991, its 招商局 with it): they are not bounded like the cut."""
    b = body(city_officer, zone_a, "招商局", "investment", 3, dt.date(1991, 3, 1), "济政〔1991〕5号")
    institutions.reform_set(actor=city_officer, zone_id=zone_a.pk, reform_on=CUT, document="甲改〔2019〕1号")
    assert b.established_on == dt.date(1991, 3, 1)
    assert institutions.city_counts(city_officer).zones[0].before == 1


def test_a_cut_stored_on_the_first_day_a_date_holds_counts_nothing_before(city_officer, zone_a):
    """A cut stored before the bounds were checked: the counts (and the pages showing them) still work."""
    body(city_officer, zone_a, "办公室")
    institutions.reform_set(actor=city_officer, zone_id=zone_a.pk, reform_on=CUT, document="甲改〔2019〕1号")
    InstitutionReform.objects.filter(zone=zone_a).update(reform_on=dt.date.min)
    row = institutions.city_counts(city_officer).zones[0]
    assert (row.before, row.after) == (0, 0)


def refusal(service, **kw) -> str:
    """The message ``service(**kw)`` is refused with."""
    with pytest.raises(DomainError) as e:
        service(**kw)
    return str(e.value)


def test_refusals_write_their_dates_in_chinese(city_officer, zone_a):
    """A refusal names the day a body ended or was set up as the pages write it (2019年6月1日), not 2019-06-01."""
    office = body(city_officer, zone_a, "办公室")
    later = body(city_officer, zone_a, "新部", on=dt.date(2020, 3, 5), doc="甲〔2020〕1号")
    spare = body(city_officer, zone_a, "留用部")
    institutions.body_abolish(actor=city_officer, body_id=office.pk, on=CUT, document="甲〔2019〕1号")
    abolish, merge = institutions.body_abolish, institutions.body_merge
    messages = {
        "该机构已于2019年6月1日撤销": refusal(
            abolish, actor=city_officer, body_id=office.pk, on=dt.date(2019, 7, 1), document="甲〔2019〕2号"
        ),
        "须晚于设立日期（2020年3月5日）": refusal(
            abolish, actor=city_officer, body_id=later.pk, on=dt.date(2020, 1, 1), document="甲〔2020〕2号"
        ),
        "于2020年3月5日才设立": refusal(
            merge,
            actor=city_officer,
            body_id=spare.pk,
            into_id=later.pk,
            on=dt.date(2019, 12, 1),
            document="甲〔2019〕3号",
        ),
    }
    for expected, message in messages.items():
        assert expected in message and not re.search(r"\d{4}-\d{2}-\d{2}", message), message


def test_printed_figures_are_the_citys_own(reformed, city, city_officer, client_for):
    """What Jinan's report printed (42 %, 26.3 %, 莱芜's merge) is Jinan's, named with its source: another
    city's bulletin figures, institutions page and API quote no printed figure."""
    from devzone.core.choices import Role

    jinan = {x.key: x for x in registry.bulletin_figures(city=city)}
    assert (jinan["institutions.change"].reported, jinan["institutions.front_line_rise"].reported) == (
        "42%",
        "26.3%",
    )
    page = client_for(city_officer).get("/planning/institutions/").content.decode()
    assert "报告所载：42%" in page and "济南市开发区体制机制改革公开报道" in page
    qingdao = f.CityFactory(name="青岛市", code="370200")
    zone = f.ZoneFactory(city=qingdao, name="青岛经开区")
    f.ZoneFactory(city=qingdao, name="原胶州开发区", merged_into=zone, merged_on=dt.date(2020, 1, 1))
    officer = f.user_with_role(Role.CITY_OFFICER, city=qingdao, user__username="qd_officer")
    figures = [x for x in registry.bulletin_figures(city=qingdao) if x.key.startswith("institutions")]
    assert figures and all(x.reported == "" for x in figures), [(x.key, x.reported) for x in figures]
    c = client_for(officer)
    page = c.get("/planning/institutions/").content.decode()
    assert "42%" not in page and "报告所载" not in page
    counts = c.get("/api/v1/planning/institutions").json()
    assert (counts["reported_change"], counts["reported_rise"], counts["reported_source"]) == ("", "", "")


def test_a_printed_merge_goes_beside_the_zone_it_names(city, city_officer, zone_a, zone_b):
    """Jinan's report printed Laiwu's merge: not beside 乙's merge, beside the merge into 莱芜高新区."""
    f.ZoneFactory(city=city, name="丙开发区", merged_into=zone_b, merged_on=dt.date(2019, 8, 1))
    figs = {x.key: x for x in registry.bulletin_figures(city=city)}
    assert figs["institutions.merged"].value == 1 and figs["institutions.merged"].reported == ""
    laiwu = f.ZoneFactory(city=city, name="莱芜高新技术产业开发区", short_name="莱芜高新区")
    for n in ("原莱芜高新区", "原莱芜经济开发区"):
        f.ZoneFactory(city=city, name=n, merged_into=laiwu, merged_on=dt.date(2019, 8, 1))
    figs = {x.key: x for x in registry.bulletin_figures(city=city)}
    assert "莱芜" in figs["institutions.merged"].label
    assert figs["institutions.merged"].reported == "莱芜的3个开发区整合为新的莱芜高新区"
    assert figs[f"institutions.merged.{zone_b.pk}"].reported == ""
