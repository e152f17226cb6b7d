from . import mentoring_matching_wizard
