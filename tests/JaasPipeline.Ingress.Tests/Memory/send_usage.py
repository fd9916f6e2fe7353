# Sends COUNT signed USAGE deliveries to 127.0.0.1:PORT (used by measure_rss.sh); prints the answers by status.
import hmac, hashlib, base64, http.client, sys, time, uuid, json, collections
port, count, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
entries = int(sys.argv[4]) if len(sys.argv) > 4 else 300000
padding = int(sys.argv[5]) if len(sys.argv) > 5 else 0
entry = sys.argv[6] if len(sys.argv) > 6 else "{}"
statuses = collections.Counter()
for i in range(count):
    key = str(uuid.uuid4())
    body = ('{"idempotencyKey":"%s","customerId":"c1","eventType":"USAGE","sessionId":"s1","timestamp":1600951818143,'
            '"fqn":"vpaas-magic-cookie-c1/room","pad":"%s","data":[%s]}' % (key, "x" * padding, ",".join([entry] * entries))).encode()
    t = str(int(time.time()))
    sig = base64.b64encode(hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).digest()).decode()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("POST", "/webhooks/jaas", body, {"Content-Type": "application/json", "X-Jaas-Signature": "t=%s,v1=%s" % (t, sig)})
    r = c.getresponse(); r.read(); statuses[r.status] += 1; c.close()
print(dict(statuses), "body bytes", len(body))
