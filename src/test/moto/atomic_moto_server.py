"""moto's server, with DynamoDB's atomicity per item.

DynamoDB evaluates a conditional write and applies it atomically: of two concurrent conditional writes to one item,
one fails its condition. moto's threaded server checks a condition and applies the write in two steps, so two
requests at once may both pass (an UpdateItem's window is wide). The stores' contract tests run the same concurrency
assertions on SQLite and on moto, so here DynamoDB requests run one at a time; every other service stays threaded
(an SQS long poll must not hold up the rest). Arguments as moto_server's.
"""
import sys
import threading

from moto.moto_server import werkzeug_app

_dispatch = werkzeug_app.DomainDispatcherApplication.__call__
_dynamodb = threading.Lock()


def _call(self, environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with _dynamodb:
            return _dispatch(self, environ, start_response)
    return _dispatch(self, environ, start_response)


werkzeug_app.DomainDispatcherApplication.__call__ = _call

from moto.server import main  # noqa: E402  (after the patch)

if __name__ == "__main__":
    sys.exit(main())
