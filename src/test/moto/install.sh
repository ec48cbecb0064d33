#!/usr/bin/env bash
# Installs moto's server into a virtual environment (the first argument, under target/) for the tests of
# profile aws: AwsProfileIT (EventBridge, SQS, DynamoDB, SNS), WeeklyReportS3IT and SnsNotificationsIT, the stores'
# contract tests (DynamoDB); and the AWS CLI, which JarIT drives as a user would. Run by
# Maven (exec-maven-plugin) before the tests; does nothing when that environment already holds the pinned
# version. Needs python3 (3.9+) with venv. Also puts signalbox_atomic_dynamodb.py in place (moto's DynamoDB
# applies each request atomically, as DynamoDB does), loaded by a .pth file when moto_server starts.
set -euo pipefail
venv="$1"
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/requirements.txt"
stamp="$venv/.requirements"
atomic="$here/signalbox_atomic_dynamodb.py"

install_atomic() {
  local site
  site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  cp "$atomic" "$site/"
  echo 'import sys; exec("import signalbox_atomic_dynamodb") if sys.argv and sys.argv[0].endswith("moto_server") else None' \
    > "$site/signalbox_atomic_dynamodb.pth"
}

if [[ -x "$venv/bin/moto_server" && -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  if ! cmp -s "$atomic" "$site/signalbox_atomic_dynamodb.py"; then
    install_atomic
  fi
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "python3 is needed to install moto (the AWS API server of the tests): install python3 and python3-venv" >&2
  exit 1
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
install_atomic
cp "$requirements" "$stamp"
echo "moto installed in $venv"
