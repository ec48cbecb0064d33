"""Makes moto's DynamoDB apply each request atomically, as DynamoDB does.

moto's server handles requests on several threads, and its DynamoDB backend checks a condition expression and
then applies the update in separate steps with no lock (a failed TransactWriteItems even restores a copy of each
table it touched): concurrent conditional writes to one item can both pass their conditions or lose an update.
DynamoDB never does, and the stores' contract tests assert what it guarantees (50 concurrent sales never oversell,
concurrent increments lose none), so every DynamoDB request here runs under one lock. Other services are not
affected. Loaded by signalbox_atomic_dynamodb.pth in moto's server process only (install.sh puts both in place).
"""
import threading

from moto.dynamodb.responses import DynamoHandler

_lock = threading.RLock()
_call_action = DynamoHandler.call_action


def _one_at_a_time(self):
    with _lock:
        return _call_action(self)


DynamoHandler.call_action = _one_at_a_time
