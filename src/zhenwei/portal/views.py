"""The public portal: no login, hotline numbers first, then the services other apps publish."""

from django.apps import apps
from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse


def portal_links():
    """Every app lists its public pages as ``portal_links = [(title, url_name, description)]``."""
    links = []
    for app in settings.ZHENWEI_APPS:
        config = apps.get_app_config(app.rsplit(".", 1)[1])
        for title, url_name, description in getattr(config, "portal_links", []):
            try:
                links.append({"title": title, "url": reverse(url_name), "description": description})
            except NoReverseMatch:
                continue
    return links


def home(request):
    return render(request, "portal/home.html", {"links": portal_links()})
