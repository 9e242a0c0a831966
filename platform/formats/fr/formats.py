"""French formats, with ISO first among input formats: `<input type="date">` (and datetime-local,
time) only show a value written as 2026-12-01, so every DateInput renders ISO; the French
spellings are still accepted when typed."""
from django.conf.locale.fr.formats import *  # noqa: F401,F403
from django.conf.locale.fr import formats as _fr

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in _fr.DATE_INPUT_FORMATS if f != "%Y-%m-%d"]]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                          *[f for f in _fr.DATETIME_INPUT_FORMATS]]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
