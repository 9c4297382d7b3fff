"""What the planning pages' row editors post (planning.forms.TargetRows, IndicatorRows: Django formsets), for the
planning tests: the rows as a person fills them in, with the formset's management fields."""

from __future__ import annotations

from devzone.planning.forms import MAX_ROWS


def rows(prefix: str, filled: list[dict], *, initial: int = 0, blank: int = 2) -> dict[str, str]:
    """``filled`` as rows ``0…``, then ``blank`` spare rows left empty; ``initial`` of them were on the page
    when it opened (the rows of the plan or scheme being edited). A ``DELETE`` of true is the 删除 button
    pressed."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(filled) + blank),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for i, row in enumerate(filled):
        for name, value in row.items():
            if name == "DELETE":
                if value:
                    data[f"{prefix}-{i}-DELETE"] = "on"
            else:
                data[f"{prefix}-{i}-{name}"] = "" if value is None else str(value)
    return data


def targets(filled: list[dict], **kwargs) -> dict[str, str]:
    return rows("targets", filled, **kwargs)


def indicators(filled: list[dict], **kwargs) -> dict[str, str]:
    return rows("indicators", filled, **kwargs)


def opened_rows(page, prefix: str) -> list[dict]:
    """The rows a page's editor opened with (its initial rows), as ``rows`` takes them."""
    formset = page.context["rows"]
    assert formset.prefix == prefix
    out = []
    for form in formset.forms[: formset.initial_form_count()]:
        out.append({name: form[name].value() for name in form.layout})
    return out
