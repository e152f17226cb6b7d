from . import portal
from . import portal_forms
from . import survey_retry
from . import portal_agenda
from . import portal_acceptance
