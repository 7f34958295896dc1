#!/usr/bin/python3
"""Decrypts an Onboard clip envelope following ONLY runtime/Onboard.Runtime/Upload/README.md (envelope v1),
with Debian's python3-cryptography. usage: envelope_decrypt.py CLIP.mcap.enc cloud.key OUT
Prints one JSON line; on a failing tag exits 3 naming the segment, like the C# reader."""
import hashlib, json, struct, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.exceptions import InvalidTag

INFO = b"onboard clip envelope v1 data key wrap"
HEADER = 181

def main(path, key_path, out_path):
    key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    data = open(path, "rb").read()
    h = data[:HEADER]
    assert h[0:8] == b"ONBDCLIP" and h[8] == 1 and h[9] == 1, "not an envelope v1"
    (hlen,) = struct.unpack(">H", h[10:12]); assert hlen == HEADER
    (seg,) = struct.unpack(">I", h[12:16])
    prefix, key_id, eph = h[16:24], h[24:56], h[56:121]
    assert key_id == hashlib.sha256(spki).digest(), "sealed for another key"
    z = key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), eph))
    kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(z)
    data_key = AESGCM(kek).decrypt(h[121:133], h[133:165] + h[165:181], h[:121])
    hh = hashlib.sha256(h).digest()
    aes, out, pos, i = AESGCM(data_key), bytearray(), HEADER, 0
    while True:
        end = min(pos + seg + 16, len(data))
        final = end == len(data)
        aad = hh + struct.pack(">I", i) + (b"\x01" if final else b"\x00")
        try:
            out += aes.decrypt(prefix + struct.pack(">I", i), data[pos:end], aad)
        except InvalidTag:
            print(json.dumps({"error": "segment %d" % i, "offset": pos})); sys.exit(3)
        if final:
            break
        pos, i = end, i + 1
    open(out_path, "wb").write(out)
    print(json.dumps({"bytes": len(out), "segments": i + 1, "sha256": hashlib.sha256(out).hexdigest()}))

if __name__ == "__main__":
    main(*sys.argv[1:4])
