from django.contrib.auth import password_validation as _django_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password must mix at least three of: upper case, lower case, digits, symbols."""

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少三类"), code="password_classes"
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


class MinimumLengthValidator(_django_validation.MinimumLengthValidator):
    """Django's length rule with its message in the user's language: Django 5.2 changed the message's msgid
    (``%d`` for ``%(min_length)d``) and its Chinese catalog still has the old one, so the Chinese UI printed it in
    English."""

    def get_error_message(self):
        return _("密码太短，至少需要%(n)d个字符") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少需要%(n)d个字符。") % {"n": self.min_length}
