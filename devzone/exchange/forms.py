from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import StyledForm
from devzone.exchange.catalog import KINDS


class SubscriberForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=80)
    url = forms.CharField(label=_("接收地址（http:// 或 https://）"), max_length=300)
    kinds = forms.MultipleChoiceField(
        label=_("订阅的事件类型"), choices=list(KINDS.items()), widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].widget.attrs["class"] = "form-check-input"
        self.fields["active"].widget.attrs["class"] = "form-check-input"
