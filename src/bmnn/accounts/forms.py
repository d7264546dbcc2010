"""Forms of the accounts pages. They only collect input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "autocapitalize": "none", "spellcheck": "false"}))
    # render_value=False: a re-rendered form keeps the username, never the password.
    password = forms.CharField(label=_("Mật khẩu"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"},
                                                          render_value=False))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Mã xác thực"), max_length=32,
                           widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                                         "spellcheck": "false", "autocapitalize": "none"}))


class EnrolForm(forms.Form):
    code = forms.CharField(label=_("Mã 6 chữ số trong ứng dụng"), max_length=10,
                           widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "pattern": "[0-9 ]*"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Mật khẩu hiện tại"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                     "autofocus": True}))
    new_password1 = forms.CharField(label=_("Mật khẩu mới"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("Nhập lại mật khẩu mới"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không giống nhau."))
        return data


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc tên đăng nhập"), required=False, max_length=100)
