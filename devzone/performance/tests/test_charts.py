"""The pay chart names its bars and keeps to the people a reader can read: the ten whose pay rises most
against the equal pay of old and the ten whose pay falls most (the table lists everyone)."""

from types import SimpleNamespace

from devzone.performance.reports import pay_chart


def person(n: int, versus_fen: int):
    return SimpleNamespace(
        staff=SimpleNamespace(name=f"员工{n}", employee_no=f"JB{n:04d}"),
        department_name="综合服务部",
        line=SimpleNamespace(versus_equal_fen=versus_fen),
    )


def test_it_shows_the_ten_who_gain_most_and_the_ten_who_lose_most_by_name():
    rows = [person(n, (n - 40) * 1000) for n in range(80)]  # 员工0 loses most, 员工79 gains most
    chart = pay_chart(SimpleNamespace(rows=rows))
    assert (chart["shown"], chart["total"], chart["each"]) == (20, 80, 10)
    assert chart["names"][0] == "员工0（综合服务部）" and chart["names"][-1] == "员工79（综合服务部）"
    assert chart["names"][9] == "员工9（综合服务部）" and chart["names"][10] == "员工70（综合服务部）"
    assert chart["values"][0] == -400.0 and chart["values"][-1] == 390.0


def test_a_small_department_is_shown_whole():
    rows = [person(n, n * 100 - 500) for n in range(12)]
    chart = pay_chart(SimpleNamespace(rows=rows))
    assert chart["shown"] == chart["total"] == 12 and len(chart["names"]) == len(chart["values"]) == 12
