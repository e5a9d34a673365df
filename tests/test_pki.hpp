// The test PKI (a CA, signers with RSA and ECDSA keys, expired and short-lived
// certificates, a stranger's key, a second CA), made by the openssl command
// once per build tree, under a lock: ctest runs test processes in parallel.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "run_binary.hpp"

namespace tertial::test {
namespace fs = std::filesystem;

// A CA valid 2019–2039; Helén Eurenius (RSA 2048, modern PKCS#12),
// Mikael Hedström (ECDSA P-256, legacy RC2 PKCS#12, and an encrypted PEM
// key), an expired
// certificate (2018–2019), one valid 2019 to 1 June 2020 (expired now, valid
// at the pinned signing time), an unrelated key, and a second CA.
// For chains and revocation: an issuing CA under the CA
// ("Testkommun Issuing CA") with two certificates for Helén Eurenius
// (good.p12; revoked.p12, revoked on 2021-01-01 for keyCompromise), its CRL
// (inter.crl, 2024-01-01 to 2039), one that expired on 2020-05-08
// (inter-expired.crl), the CA's CRL (root.crl), the second CA's CRL
// (other.crl), a CRL in the issuing CA's name signed by another key
// (forged.crl), and a directory holding both CAs (anchors/).
inline const char* pki_script = R"SH(set -e
cat > ca.cnf <<'EOF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
copy_extensions = none
string_mask = utf8only
crlnumber = ./crlnumber
crl_extensions = crl_ext
[ inter_ca ]
dir = .
database = ./inter-index.txt
new_certs_dir = .
serial = ./inter-serial
crlnumber = ./inter-crlnumber
crl_extensions = crl_ext
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
copy_extensions = none
string_mask = utf8only
[ other_ca ]
dir = .
database = ./other-index.txt
new_certs_dir = .
serial = ./other-serial
crlnumber = ./other-crlnumber
crl_extensions = crl_ext
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
string_mask = utf8only
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ any_name ]
commonName = supplied
organizationName = optional
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ signer_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
: > index.txt
echo 1000 > serial
ca() { openssl ca -batch -config ca.cnf -notext -utf8 "$@" 2>/dev/null; }
openssl req -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj "/O=Testkommun/CN=Testkommun Test CA" -utf8
ca -selfsign -keyfile ca.key -in ca.csr -out ca.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions ca_ext
openssl req -new -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.csr -subj "/O=Annan kommun/CN=Annan CA" -utf8
ca -selfsign -keyfile other-ca.key -in other-ca.csr -out other-ca.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions ca_ext
openssl req -new -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -subj "/O=Testkommun/CN=Helén Eurenius" -utf8
ca -cert ca.pem -keyfile ca.key -in rsa.csr -out rsa.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions signer_ext
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.csr -subj "/O=Testkommun/CN=Mikael Hedström" -utf8
ca -cert ca.pem -keyfile ca.key -in ec.csr -out ec.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions signer_ext
ca -cert ca.pem -keyfile ca.key -in rsa.csr -out expired.pem -startdate 20180101000000Z -enddate 20191231000000Z -extensions signer_ext
ca -cert ca.pem -keyfile ca.key -in rsa.csr -out short.pem -startdate 20190101000000Z -enddate 20200601000000Z -extensions signer_ext
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out stranger.key
openssl pkey -in ec.key -aes256 -passout pass:hemligt-3 -out ec-encrypted.key
openssl pkcs12 -export -inkey rsa.key -in rsa.pem -certfile ca.pem -out rsa.p12 -passout pass:hemligt-1
openssl pkcs12 -export -legacy -inkey ec.key -in ec.pem -certfile ca.pem -out ec-legacy.p12 -passout pass:hemligt-2
openssl pkcs12 -in ec-legacy.p12 -info -noout -passin pass:hemligt-2 -legacy 2>&1 | grep -q "RC2"
: > inter-index.txt; echo 2000 > inter-serial; echo 01 > inter-crlnumber; echo 01 > crlnumber
: > other-index.txt; echo 3000 > other-serial; echo 01 > other-crlnumber
openssl req -new -newkey rsa:2048 -nodes -keyout inter.key -out inter.csr -subj "/O=Testkommun/CN=Testkommun Issuing CA" -utf8
ca -cert ca.pem -keyfile ca.key -in inter.csr -out inter.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions ca_ext
ica() { ca -name inter_ca -cert inter.pem -keyfile inter.key "$@"; }
ica -in rsa.csr -out good.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions signer_ext
ica -in rsa.csr -out revoked.pem -startdate 20190101000000Z -enddate 20390101000000Z -extensions signer_ext
ica -revoke revoked.pem -crl_reason keyCompromise
awk -F'\t' 'BEGIN { OFS = "\t" } $1 == "R" { $3 = "210101000000Z,keyCompromise" } { print }' inter-index.txt > t && mv t inter-index.txt
grep -q "210101000000Z,keyCompromise" inter-index.txt
ica -gencrl -crl_lastupdate 20240101000000Z -crl_nextupdate 20390101000000Z -out inter.crl
ica -gencrl -crl_lastupdate 20200501000000Z -crl_nextupdate 20200508000000Z -out inter-expired.crl
ca -cert ca.pem -keyfile ca.key -gencrl -crl_lastupdate 20240101000000Z -crl_nextupdate 20390101000000Z -out root.crl
ca -name other_ca -cert other-ca.pem -keyfile other-ca.key -gencrl -crl_lastupdate 20240101000000Z -crl_nextupdate 20390101000000Z -out other.crl
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout fake.key -out fake.pem -subj "/CN=Testkommun Issuing CA/O=Testkommun" -utf8 -days 9000 2>/dev/null
ca -name other_ca -cert fake.pem -keyfile fake.key -gencrl -crl_lastupdate 20240101000000Z -crl_nextupdate 20390101000000Z -out forged.crl
openssl crl -in forged.crl -noout -issuer | grep -q "CN = Testkommun Issuing CA, O = Testkommun"
openssl crl -in inter.crl -outform DER -out inter.der.crl
openssl pkcs12 -export -inkey rsa.key -in good.pem -certfile inter.pem -out good.p12 -passout pass:hemligt-1
openssl pkcs12 -export -inkey rsa.key -in revoked.pem -certfile inter.pem -out revoked.p12 -passout pass:hemligt-1
mkdir -p anchors empty
cp ca.pem anchors/ca.pem
cp other-ca.pem anchors/other-ca.crt
touch done
)SH";

// Holds an exclusive lock on `dir`/lock while alive: test processes run in parallel.
class DirLock {
public:
    explicit DirLock(const fs::path& dir) : fd_(::open((dir / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ >= 0) ::flock(fd_, LOCK_EX);
    }
    ~DirLock() {
        if (fd_ >= 0) ::close(fd_);
    }

private:
    int fd_;
};

// A key's password given the way a script gives it, in
// TERTIAL_P12_PASSWORD, for as long as this lives (then unset again).
class PasswordGiven {
public:
    explicit PasswordGiven(const std::string& password) { ::setenv("TERTIAL_P12_PASSWORD", password.c_str(), 1); }
    ~PasswordGiven() { ::unsetenv("TERTIAL_P12_PASSWORD"); }
    PasswordGiven(const PasswordGiven&) = delete;
    PasswordGiven& operator=(const PasswordGiven&) = delete;
};

// The directory holding the test PKI, made on first use under `fixture_dir`.
inline fs::path pki(const fs::path& fixture_dir = TERTIAL_SIGN_FIXTURE_DIR) {
    fs::path d = fixture_dir / "pki-v4";
    fs::create_directories(d);
    DirLock lock(d);
    if (fs::exists(d / "done")) return d;
    std::ofstream(d / "make.sh", std::ios::binary) << pki_script;
    auto r = run_shell("cd " + shell_quote(d.string()) + " && sh make.sh 2>&1");
    if (r.exit_code != 0 || !fs::exists(d / "done")) throw std::runtime_error("cannot make the test PKI:\n" + r.out + r.err);
    return d;
}

}  // namespace tertial::test
