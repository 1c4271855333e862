"""Compiles the redaction engine's C module, ``incamera.redact._fast``, at install
(docs/decisions/0033-compiled-redaction-engine.md).

Hatchling builds no extensions, so this hook calls the C compiler itself (``$CC``, else ``cc``)
with the running interpreter's headers and extension suffix.  An editable install gets the
module next to its source (``src/`` is on ``sys.path``); a wheel gets it as a file and a
platform tag.  Without a compiler, or if the compile fails, the install goes on with a warning
and without the module: the engine then falls back to pure Python.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src/incamera/redact/_fast.c")
PACKAGE_DIR = "incamera/redact"


class CompileRedactionEngine(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        source = Path(self.root) / SOURCE
        name = "_fast" + sysconfig.get_config_var("EXT_SUFFIX")
        if version == "editable":
            target = source.with_name(name)
            target.unlink(missing_ok=True)  # a failed build leaves no stale module behind
            self._compile(source, target)
            return
        self._tmp = tempfile.mkdtemp(prefix="incamera-build-")
        target = Path(self._tmp) / name
        if self._compile(source, target):
            build_data["force_include"][str(target)] = f"{PACKAGE_DIR}/{name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if tmp := getattr(self, "_tmp", None):
            shutil.rmtree(tmp, ignore_errors=True)

    def _compile(self, source: Path, target: Path) -> bool:
        compiler = shlex.split(os.environ.get("CC") or "cc")
        if sys.platform == "win32" or not compiler or shutil.which(compiler[0]) is None:
            return self._fallback(f"no C compiler ({' '.join(compiler) or 'CC is empty'}) found")
        paths = sysconfig.get_paths()
        includes = dict.fromkeys(["-I" + paths["include"], "-I" + paths["platinclude"]])
        link = ["-bundle", "-undefined", "dynamic_lookup"] if sys.platform == "darwin" else ["-shared"]
        partial = target.with_name(target.name + ".part")
        command = [
            *compiler,
            *link,
            "-fPIC",
            "-O2",
            "-Wall",
            "-Wextra",
            *includes,
            *shlex.split(os.environ.get("CFLAGS", "")),
            str(source),
            "-o",
            str(partial),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        except OSError as error:
            return self._fallback(f"{compiler[0]} did not run ({error})")
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            return self._fallback(f"{shlex.join(command)} failed:\n{done.stderr.strip()}")
        if done.stderr.strip():
            self.app.display_warning(done.stderr.strip())
        partial.replace(target)
        self.app.display_info(f"incamera: compiled {target.name}")
        return True

    def _fallback(self, reason: str) -> bool:
        self.app.display_warning(
            f"incamera: the redaction engine's C module was not built: {reason}\n"
            "incamera: installing without it; redaction falls back to pure Python."
        )
        return False
