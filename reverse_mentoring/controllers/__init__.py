from . import portal
from . import survey_retry
