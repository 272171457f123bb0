"""The register and the association's governance records, which other apps build on."""

from members.models.assembly import GeneralAssembly
from members.models.certificates import MembershipCertificate
from members.models.change_notices import CHANGE_FIELDS, ChangeNotice
from members.models.governance import BoardMeeting, Officer, minutes_upload_to
from members.models.invitations import PortalInvitation
from members.models.listing import (
    MailingListChange,
    MailingListExport,
    MemberListing,
    listing_logo_upload_to,
)
from members.models.register import (
    Contact,
    Industry,
    Membership,
    Organisation,
    OrganisationDocument,
    User,
    UserManager,
    organisation_document_path,
)
from members.models.withdrawals import Withdrawal

__all__ = [
    "UserManager",
    "User",
    "Industry",
    "Organisation",
    "Membership",
    "Contact",
    "organisation_document_path",
    "OrganisationDocument",
    "Officer",
    "minutes_upload_to",
    "BoardMeeting",
    "PortalInvitation",
    "MailingListExport",
    "MailingListChange",
    "listing_logo_upload_to",
    "MemberListing",
    "CHANGE_FIELDS",
    "ChangeNotice",
    "MembershipCertificate",
    "Withdrawal",
    "GeneralAssembly",
]
