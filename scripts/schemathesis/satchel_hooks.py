"""Schemathesis hooks for Satchel (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis.sh).

- `format: password`: at least 8 characters and at most 72 bytes of UTF-8 (bcrypt's limit), which
  JSON Schema cannot count.
- `format: tag`: 1-40 letters, digits or hyphens after trimming, lower-casing and joining words with
  hyphens; generated here as canonical ASCII tags.
- `Idempotency-Key`: a client picks a new key for each new request; a key reused for another body is
  answered 422 by design, so every generated request gets a fresh key.
- Text that must hold something besides whitespace (a post's `title` and `body`, a comment's `body`,
  the comment form's `name`, a push's `clientId`) cannot be blank; JSON Schema's `minLength`
  counts the spaces, so bodies where such a field is blank are not generated (the server answers them
  422, tested in Tests/ServerTests).
- `format: web-url` (the address `POST /v1/captures` saves): an absolute http or https URL on a name
  under `.example`, which never resolves, so the capture fails fast and the article is saved with the
  reason (201); addresses the server refuses to fetch are tested in Tests/ServerTests/Captures.
- `wait` (the long-poll of `GET /v1/sync/pull`): a valid value holds the request for up to a minute
  when the feed is quiet, so it is sent as 0 here; the long-poll itself is tested in
  Tests/ServerTests/Live. (The event stream, which never ends, is left out by the script.)
"""
import uuid

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.format(
    "password",
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=8, max_size=72)
    .filter(lambda text: len(text.encode("utf-8")) <= 72),
)
schemathesis.openapi.format("tag", st.from_regex(r"\A[a-z0-9]{1,20}(-[a-z0-9]{1,19})?\Z"))
schemathesis.openapi.format("web-url", st.from_regex(r"\Ahttps?://[a-z]{1,12}\.example(/[a-z0-9]{1,10}){0,3}\Z"))


TRIMMED_FIELDS = ("title", "body", "name", "clientId")


@schemathesis.hook
def filter_body(context, body):
    if not isinstance(body, dict):
        return True
    # Python's `str.isspace` covers every character Foundation trims (Unicode spaces and newlines).
    return not any(isinstance(body.get(name), str) and body[name].strip() == "" for name in TRIMMED_FIELDS)


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if case.query and "wait" in case.query:
        try:
            if 0 < float(case.query["wait"]) <= 60:
                case.query["wait"] = "0"
        except (TypeError, ValueError):
            pass


@schemathesis.serializer("application/offset+octet-stream")
def offset_octet_stream(ctx, value):
    """Upload session bytes (`PATCH /v1/blobs/uploads/{id}`) are sent as they are."""
    if isinstance(value, bytes):
        return value
    return str(value).encode()
