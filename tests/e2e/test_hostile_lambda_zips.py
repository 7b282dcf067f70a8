"""Hostile Lambda deployment packages (issue 11): entries with absolute or `..` paths, symbolic
links leading out of the package and zip bombs (a huge declared size) are refused with Lambda's
InvalidParameterValueException before anything is unpacked, and no function is created."""

import io
import os
import struct
import unittest
import zipfile

from botocore.exceptions import ClientError

from harness import ServerTestCase
from lambda_support import ROLE, zip_bytes

HANDLER = "def handler(event, context):\n    return 1\n"
UNZIPPABLE = "Could not unzip uploaded file. Please check your file, then try to upload again."


def symlink_zip(name, target):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("index.py", HANDLER)
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (0o120777) << 16  # S_IFLNK
        zf.writestr(info, target)
    return buffer.getvalue()


def declared_size_bomb(declared):
    """A tiny zip whose entry claims `declared` uncompressed bytes (central and local headers)."""
    data = bytearray(zip_bytes({"index.py": HANDLER, "bomb.bin": "x"}))
    central = data.rfind(b"PK\x01\x02")  # the last entry's central directory header
    struct.pack_into("<I", data, central + 24, declared)
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, declared)
    return bytes(data)


def deflate_bomb(megabytes):
    """A real bomb: `megabytes` MiB of zeros, deflated to about a thousandth of that."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("index.py", HANDLER)
        with zf.open("zeros.bin", "w", force_zip64=True) as out:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                out.write(chunk)
    return buffer.getvalue()


class HostileLambdaZipsTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.boto3_client("lambda")

    def assert_refused(self, name, package, message_start):
        with self.assertRaises(ClientError) as ctx:
            self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                                     Handler="index.handler", Code={"ZipFile": package})
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], "InvalidParameterValueException")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertTrue(err["Error"]["Message"].startswith(message_start), err["Error"]["Message"])
        with self.assertRaises(ClientError) as missing:
            self.lam.get_function(FunctionName=name)
        self.assertEqual(missing.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_absolute_and_dot_dot_entries(self):
        for i, entry in enumerate(["/tmp/terrarium-zip-slip", "../../terrarium-zip-slip",
                                   "a/../../terrarium-zip-slip", "..\\..\\evil", "C:/evil"]):
            with self.subTest(entry=entry):
                package = zip_bytes({"index.py": HANDLER, entry: "pwned"})
                self.assert_refused(f"slip-{i}", package, UNZIPPABLE)
        self.assertFalse(os.path.exists("/tmp/terrarium-zip-slip"))

    def test_symlinks_leading_out_of_the_package(self):
        for i, (name, target) in enumerate([("link", "/etc/passwd"), ("link", "../outside"),
                                            ("d/link", "../../outside")]):
            with self.subTest(name=name, target=target):
                self.assert_refused(f"link-{i}", symlink_zip(name, target), UNZIPPABLE)

    def test_symlink_inside_the_package_is_accepted(self):
        package = symlink_zip("alias.py", "index.py")
        self.lam.create_function(FunctionName="inside-link", Runtime="python3.12", Role=ROLE,
                                 Handler="index.handler", Code={"ZipFile": package})
        self.assertEqual(self.lam.get_function(FunctionName="inside-link")
                         ["Configuration"]["FunctionName"], "inside-link")

    def test_zip_bombs(self):
        limit = "Unzipped size must be smaller than 262144000 bytes"
        self.assert_refused("bomb-declared", declared_size_bomb(0xFFFFFFF0), limit)
        self.assert_refused("bomb-deflate", deflate_bomb(300), limit)
        self.assert_server_alive()


if __name__ == "__main__":
    unittest.main()
