import json
from devzone.core.tests import factories as f

def test_probe(client_for, zone_a_leader, zone_a, zone_b, enterprise_a):
    c = client_for(zone_a_leader)
    f.StaffFactory(zone=zone_a)
    r = c.get("/api/openapi.json")
    print("openapi", r.status_code, r.content[:300])
    for p in ["/api/v1/core/staff", "/api/v1/core/enterprises?page=abc", "/api/v1/core/zones", "/core/staff/", "/core/enterprise/", "/"]:
        r = c.get(p)
        print(p, r.status_code, r.content[:400])
    r = c.post("/api/v1/core/enterprises", data=json.dumps({"name": "x", "credit_code": "91350100M000100Y4Z", "industry": "39"}), content_type="application/json")
    print("post", r.status_code, r.content[:400])
    r = c.post("/api/v1/core/enterprises", data="{bad", content_type="application/json")
    print("badjson", r.status_code, r.content[:400])
    assert 0
