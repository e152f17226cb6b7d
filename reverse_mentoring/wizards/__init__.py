from . import mentoring_matching_wizard
from . import mentoring_session_move
from . import mentoring_session_plan
from . import mentoring_enrollment_wizard
from . import mentoring_tandem_request
from . import mentoring_tandem_replace
from . import mentoring_erasure_wizard
from . import mentoring_enrollment_profile
