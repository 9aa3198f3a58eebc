"""The HTTP surface, one router per noun: ``webhooks``, ``read_side`` (the backlog, a request,
a plan, the HTML report), ``session`` (sign in and out), ``admin`` (deliveries) and ``health``
(liveness, readiness, metrics). ``state`` and ``tokens`` are the dependencies they share."""
