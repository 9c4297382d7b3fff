"""What approvals adds to the modules it depends on (found by ``core.registry``): the weekly dispatch's
section of files near their deadline (projects)."""

from devzone.approvals.dispatch import approvals_near_deadline
from devzone.projects.dispatch import register_section

register_section("approvals", "五、临近办理期限的审批件", approvals_near_deadline, order=50)
