from . import test_access
from . import test_i18n
from . import test_integrity
from . import test_private_notes
from . import test_program
from . import test_tandem
from . import test_performance
from . import test_tour
