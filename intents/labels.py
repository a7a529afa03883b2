"""The intent label set. The names are an interface (see design.md): keep them exactly."""

REQUEST_LABELS = (
    "access",
    "erasure",
    "rectification",
    "restriction",
    "portability",
    "objection",
    "marketing_optout",
    "sale_optout",
    "complaint",
)
QUESTION_LABELS = ("legal_basis", "vendor_list", "cookies_tracking", "privacy_question")
OUT_OF_SCOPE = "out_of_scope"
PRIVACY_LABELS = REQUEST_LABELS + QUESTION_LABELS
LABELS = PRIVACY_LABELS + (OUT_OF_SCOPE,)
