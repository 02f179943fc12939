import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  vus: 20,
  duration: '2m',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<400'],
  },
};

const BASE = __ENV.BASE_URL || 'http://localhost:3000';

export default function () {
  const r = http.get(`${BASE}/api/orders?limit=20`);
  check(r, { 'status 200': (res) => res.status === 200 });
  sleep(1);
}
