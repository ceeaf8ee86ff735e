"""Every date field of every form renders its value as the browser's date input needs it
(YYYY-MM-DD, YYYY-MM-DDTHH:MM) under the Chinese locale, where Django would write 2026/11/26 and
the browser would show an empty, required field."""

import datetime as dt
import importlib
import inspect
import pkgutil

from django import forms
from django.utils import translation

import zhenwei

EXPECTED = {"date": "2026-11-26", "datetime-local": "2026-11-26T09:30"}


def all_forms():
    for module_info in pkgutil.walk_packages(zhenwei.__path__, "zhenwei."):
        if not module_info.name.endswith((".forms", ".views")) or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_date_inputs_render_iso_values_in_chinese(db):
    checked = 0
    with translation.override("zh-hans"):
        for form_class in all_forms():
            for name, field in form_class.base_fields.items():
                kind = getattr(field.widget, "input_type", None)
                if kind not in EXPECTED:
                    continue
                value = (
                    dt.datetime(2026, 11, 26, 9, 30) if kind == "datetime-local" else dt.date(2026, 11, 26)
                )
                html = field.widget.render(name, value)
                assert f'value="{EXPECTED[kind]}"' in html, (
                    f"{form_class.__module__}.{form_class.__name__}.{name}: {html}"
                )
                checked += 1
    assert checked >= 20
