"""Client-profile tests: the real proposal-ls binary, driven by pytest-lsp
under the declared capabilities of real editors.

A *profile* is an ``InitializeParams`` fragment (``clientInfo`` and
``capabilities``) as a JSON file: every one that pytest-lsp ships (captured
from Neovim, Emacs and VS Code) plus the ones in ``profiles/`` here. Each test
is parametrized over all of them, so the test id names the client.

What the server should do for a profile is derived from the profile's own
declarations (``Profile.expect_*``), never from its name.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import os
import pathlib
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable

import pytest
import pytest_asyncio
from lsprotocol import types
from packaging.version import Version
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, LanguageClientProtocol
from pytest_lsp.client import register_lsp_features

HERE = pathlib.Path(__file__).resolve().parent
PROFILES_DIR = HERE / "profiles"
SERVER = pathlib.Path(
    os.environ.get("PROPOSAL_LS") or HERE / ".." / ".." / "target" / "release" / "proposal-ls"
).resolve()
TEMPLATE = HERE.parent.parent / "assets" / "enhancement_template.md"
TIMEOUT = 10.0


# --------------------------------------------------------------------------
# Profiles


def _get(obj: Any, path: str, default: Any = None) -> Any:
    for key in path.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return default
        obj = obj[key]
    return obj


@dataclass(frozen=True)
class Profile:
    id: str
    file: str
    client_info: dict
    capabilities: dict

    def declares(self, path: str) -> Any:
        return _get(self.capabilities, path)

    @property
    def expect_encoding(self) -> str:
        offered = self.declares("general.positionEncodings") or []
        return "utf-8" if "utf-8" in offered else "utf-16"

    @property
    def expect_pull(self) -> bool:
        return self.declares("textDocument.diagnostic") is not None

    @property
    def expect_snippets(self) -> bool:
        return self.declares("textDocument.completion.completionItem.snippetSupport") is True

    @property
    def expect_hierarchical_symbols(self) -> bool:
        return (
            self.declares("textDocument.documentSymbol.hierarchicalDocumentSymbolSupport")
            is True
        )

    @property
    def expect_related_information(self) -> bool:
        return self.declares("textDocument.publishDiagnostics.relatedInformation") is True

    @property
    def expect_watch_registration(self) -> bool:
        return self.declares("workspace.didChangeWatchedFiles.dynamicRegistration") is True

    @property
    def expect_document_changes(self) -> bool:
        return self.declares("workspace.workspaceEdit.documentChanges") is True

    @property
    def completion_documentation_formats(self) -> list[str]:
        return (
            self.declares("textDocument.completion.completionItem.documentationFormat") or []
        )

    @property
    def hover_formats(self) -> list[str] | None:
        return self.declares("textDocument.hover.contentFormat")


def _profile_id(stem: str) -> str:
    """``neovim_v0.11.0`` -> ``neovim-0.11.0``; ``visual_studio_code_v1.65.2``
    -> ``vscode-1.65.2``."""
    name, _, version = stem.rpartition("_v")
    name = {"visual_studio_code": "vscode"}.get(name, name).replace("_", "-")
    return f"{name}-{version}"


def _load(path: pathlib.Path, origin: str) -> Profile:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Profile(
        id=_profile_id(path.stem),
        file=f"{origin}/{path.name}",
        client_info=data.get("clientInfo") or {},
        capabilities=data["capabilities"],
    )


def load_profiles() -> list[Profile]:
    def order(path) -> tuple:
        name, _, version = pathlib.Path(str(path)).stem.rpartition("_v")
        return (name, Version(version))

    shipped = sorted(
        (p for p in resources.files("pytest_lsp.clients").iterdir() if p.name.endswith(".json")),
        key=order,
    )
    ours = sorted(PROFILES_DIR.glob("*.json"), key=order)
    return [_load(pathlib.Path(str(p)), "pytest_lsp/clients") for p in shipped] + [
        _load(p, "tests/clients/profiles") for p in ours
    ]


PROFILES = load_profiles()


def pytest_report_header(config):
    return [
        f"proposal-ls: {SERVER}",
        "client profiles: " + ", ".join(p.id for p in PROFILES),
    ]


def pytest_sessionstart(session):
    if not (SERVER.is_file() and os.access(SERVER, os.X_OK)):
        raise pytest.UsageError(
            f"proposal-ls binary not found at {SERVER}: run `cargo build --release` "
            "at the repository root, or set PROPOSAL_LS to the binary's path"
        )


# --------------------------------------------------------------------------
# The client: pytest-lsp's, recording every message as raw JSON


class RecordingProtocol(LanguageClientProtocol):
    """Keeps the raw JSON of every message from the server (so tests assert
    on the wire format, not on lsprotocol's reading of it), and sends the
    profile's capabilities in ``initialize`` exactly as the JSON file has
    them (lsprotocol would drop fields it does not model)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.received: list[dict] = []
        self.raw_capabilities: dict | None = None

    def structure_message(self, data: dict):
        if "jsonrpc" in data:
            self.received.append(data)
        return super().structure_message(data)

    def _serialize_message(self, data: Any):
        out = super()._serialize_message(data)
        if (
            isinstance(out, dict)
            and out.get("method") == types.INITIALIZE
            and self.raw_capabilities is not None
        ):
            out["params"]["capabilities"] = copy.deepcopy(self.raw_capabilities)
        return out


def make_client() -> LanguageClient:
    client = LanguageClient(protocol_cls=RecordingProtocol, converter_factory=default_converter)
    register_lsp_features(client)

    # What a real client does with a dynamic registration: accept it.
    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        return None

    # And with workspace/applyEdit: report it applied.
    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        return types.ApplyWorkspaceEditResult(applied=True)

    return client


# --------------------------------------------------------------------------
# The proposal under test


def _template_sections() -> list[str]:
    return [
        line
        for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
        if line.startswith("##") and "[optional]" not in line
    ]


def proposal_text() -> str:
    """A proposal complete for the embedded template, with six known problems,
    several of them after multi-byte text on their own line:

    - ``title: wrong-name``: title-mismatch;
    - a one-line reviewers list: ``"@漢字😀"`` and ``"not a handle"`` are
      invalid-handle warnings, the second one after CJK and an emoji;
    - ``creation-date: 2024-13-01``: invalid-date;
    - ``## motivation 😀``: misnamed-section, its range ending after the emoji;
    - ``## Summary`` a second time: duplicate-section, with the first as its
      related information;
    - and a bare ``##`` line at the end, where a heading is being typed.
    """
    sections = "".join(
        f"{'## motivation 😀' if line == '## Motivation' else line}\n\n漢字 text 😀.\n\n"
        for line in _template_sections()
    )
    return (
        "---\n"
        "title: wrong-name\n"
        "authors:\n"
        '  - "@alice"\n'
        'reviewers: ["@漢字😀", "not a handle", "@bob"]\n'
        "approvers:\n"
        '  - "@carol"\n'
        "api-approvers:\n"
        "  - None\n"
        "creation-date: 2024-13-01\n"
        "last-updated: 2024-02-01\n"
        "status: implementable\n"
        "tracking-link:\n"
        "  - https://issues.redhat.com/browse/X-1\n"
        "---\n"
        "\n"
        "# An Idea 💡\n"
        "\n"
        f"{sections}"
        "## Summary\n"
        "\n"
        "Said twice 😀.\n"
        "\n"
        "##\n"
    )


# A second proposal whose front matter is being typed: `auth` is half a key.
DRAFT_TEXT = "---\ntitle: draft\nauth\n---\n\n# Draft\n"


def column(line: str, index: int, encoding: str) -> int:
    """The LSP character offset of ``line[index]`` (a code point index) in
    ``encoding``."""
    prefix = line[:index]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    if encoding == "utf-16":
        return len(prefix.encode("utf-16-le")) // 2
    raise ValueError(encoding)


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    start: int
    end: int


def expected_diagnostics(text: str, encoding: str) -> list[Expected]:
    """Every diagnostic the proposal must get, its range computed from the
    text in ``encoding``."""
    lines = text.split("\n")

    def at(line_no: int, needle: str, code: str) -> Expected:
        line = lines[line_no]
        start = line.index(needle)
        return Expected(
            code,
            line_no,
            column(line, start, encoding),
            column(line, start + len(needle), encoding),
        )

    def line_of(exact: str, nth: int = 0) -> int:
        return [i for i, line in enumerate(lines) if line == exact][nth]

    def key(name: str) -> int:
        return next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))

    return [
        at(key("title"), "wrong-name", "title-mismatch"),
        at(key("reviewers"), '"@漢字😀"', "invalid-handle"),
        at(key("reviewers"), '"not a handle"', "invalid-handle"),
        at(key("creation-date"), "2024-13-01", "invalid-date"),
        at(line_of("## motivation 😀"), "## motivation 😀", "misnamed-section"),
        at(line_of("## Summary", 1), "## Summary", "duplicate-section"),
    ]


# --------------------------------------------------------------------------
# A session: one server, initialized with one profile


_ids = itertools.count(1)


@dataclass
class Session:
    profile: Profile
    client: LanguageClient
    root: pathlib.Path
    init: dict  # the raw InitializeResult
    uri: str = ""
    text: str = ""
    draft_uri: str = ""
    shut_down: bool = False
    exit_code: int | None = None

    @property
    def received(self) -> list[dict]:
        return self.client.protocol.received

    def notifications(self, method: str) -> list[dict]:
        return [m for m in self.received if m.get("method") == method and "id" not in m]

    def server_requests(self, method: str) -> list[dict]:
        return [m for m in self.received if m.get("method") == method and "id" in m]

    async def request(self, method: str, params: Any) -> Any:
        """Send a request; return the raw JSON result (pytest-lsp still runs
        its capability checks on the structured one)."""
        msg_id = f"profile-test-{next(_ids)}"
        await asyncio.wait_for(
            self.client.protocol.send_request_async(method, params, msg_id=msg_id), TIMEOUT
        )
        for message in reversed(self.received):
            if message.get("id") == msg_id and "method" not in message:
                return message.get("result")
        raise AssertionError(f"no response recorded for {method} ({msg_id})")

    async def wait_until(self, what: str, predicate: Callable[[], Any]) -> Any:
        async def poll():
            while not (value := predicate()):
                await asyncio.sleep(0.005)
            return value

        try:
            return await asyncio.wait_for(poll(), TIMEOUT)
        except asyncio.TimeoutError:  # not the builtin one before 3.11
            raise AssertionError(f"timed out waiting for {what}") from None

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )

    def open_proposal(self) -> None:
        self.open(self.uri, self.text)

    def open_draft(self) -> None:
        self.open(self.draft_uri, DRAFT_TEXT)

    async def diagnostics(self) -> list[dict]:
        """The proposal's diagnostics, the way this client gets them: pulled
        with textDocument/diagnostic, or waited for as a push."""
        if self.profile.expect_pull:
            report = await self.request(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=self.uri)
                ),
            )
            assert report["kind"] == "full", report
            return report["items"]
        push = await self.wait_until(
            f"textDocument/publishDiagnostics for {self.uri}",
            lambda: [
                m
                for m in self.notifications(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                if m["params"]["uri"] == self.uri and m["params"].get("version") == 1
            ],
        )
        return push[-1]["params"]["diagnostics"]

    async def shutdown(self) -> int:
        """shutdown, then exit; the server's exit code."""
        assert not self.shut_down
        self.shut_down = True
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        server = self.client._server  # the asyncio subprocess pygls started
        self.exit_code = await asyncio.wait_for(server.wait(), TIMEOUT)
        return self.exit_code


@pytest.fixture(params=PROFILES, ids=[p.id for p in PROFILES])
def profile(request) -> Profile:
    return request.param


@pytest_asyncio.fixture
async def session(profile: Profile, tmp_path: pathlib.Path):
    root = tmp_path / "workspace"
    (root / "enhancements").mkdir(parents=True)
    proposal = root / "enhancements" / "idea.md"
    text = proposal_text()
    proposal.write_text(text, encoding="utf-8")
    draft = root / "enhancements" / "draft.md"
    draft.write_text(DRAFT_TEXT, encoding="utf-8")

    config = ClientServerConfig(server_command=[str(SERVER)], client_factory=make_client)
    client = await config.start()
    client.protocol.raw_capabilities = profile.capabilities
    structured = default_converter().structure(
        {"capabilities": profile.capabilities, "processId": None}, types.InitializeParams
    )
    params = types.InitializeParams(
        process_id=os.getpid(),
        client_info=types.ClientInfo(**profile.client_info) if profile.client_info else None,
        capabilities=structured.capabilities,
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
    )
    msg_id = f"profile-init-{next(_ids)}"
    client.capabilities = params.capabilities  # what pytest-lsp's checks read
    refused = None
    try:
        await asyncio.wait_for(
            client.protocol.send_request_async(types.INITIALIZE, params, msg_id=msg_id), TIMEOUT
        )
    except Exception as error:
        refused = f"{type(error).__name__}: {error}"
    if refused is not None:
        client._server.kill()
        await client.stop()
        pytest.fail(
            f"the server refused `initialize` with the capabilities of {profile.id} "
            f"({profile.file}): {refused}",
            pytrace=False,
        )
    client.initialized(types.InitializedParams())
    init = next(
        m["result"] for m in client.protocol.received if m.get("id") == msg_id
    )
    s = Session(
        profile=profile,
        client=client,
        root=root,
        init=init,
        uri=proposal.as_uri(),
        text=text,
        draft_uri=draft.as_uri(),
    )
    try:
        yield s
    finally:
        if not s.shut_down and client._server is not None and client._server.returncode is None:
            try:
                await s.shutdown()
            except Exception:
                client._server.kill()
        await client.stop()
