"""``core.forms.style``: each widget gets the frame's class for its kind, so radio buttons and check boxes are
drawn as such, not as text boxes (a radio with ``form-control`` is a full-width empty box)."""

from django import forms

from devzone.core.forms import StyledForm


class Sample(StyledForm):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    verdict = forms.ChoiceField(choices=[("yes", "是"), ("no", "否")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    agreed = forms.BooleanField()


def test_each_widget_gets_the_class_of_its_kind():
    form = Sample()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "form-control",
        "kind": "form-select",
        "verdict": "form-check-input",
        "topics": "form-check-input",
        "agreed": "form-check-input",
    }
    html = str(form["verdict"])
    assert 'class="form-check-input"' in html and "form-control" not in html
