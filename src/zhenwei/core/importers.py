"""Import kinds of the core app."""

from .services import division_import


def import_divisions(*, path, actor=None, progress=None):
    return division_import(path=path, actor=actor)


IMPORTERS = {"divisions": import_divisions}
