from . import portal
from . import survey_retry
from . import portal_acceptance
