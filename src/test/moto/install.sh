#!/usr/bin/env bash
# Installs moto's server into a virtual environment (the first argument, under target/) for the tests of
# profile aws: AwsProfileIT (EventBridge, SQS, DynamoDB, SNS), WeeklyReportS3IT and SnsNotificationsIT. Run by
# Maven (exec-maven-plugin) before the tests; does nothing when that environment already holds the pinned
# version. Needs python3 (3.9+) with venv.
set -euo pipefail
venv="$1"
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/requirements.txt"
stamp="$venv/.requirements"
if [[ -x "$venv/bin/moto_server" && -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "python3 is needed to install moto (the AWS API server of the tests): install python3 and python3-venv" >&2
  exit 1
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
cp "$requirements" "$stamp"
echo "moto installed in $venv"
