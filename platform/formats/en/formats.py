"""English formats, ISO first among input formats (see the French module)."""
from django.conf.locale.en.formats import *  # noqa: F401,F403
from django.conf.locale.en import formats as _en

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in _en.DATE_INPUT_FORMATS if f != "%Y-%m-%d"]]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", *_en.DATETIME_INPUT_FORMATS]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
