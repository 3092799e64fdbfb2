/**
 * What every service shares: RFC 9457 problem responses, the admin-token guard on
 * state-changing endpoints, and the job record shape used for long-running work.
 */
package dev.recsys.platform;
