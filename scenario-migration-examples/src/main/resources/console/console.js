/*
 * The operator console's page: the login form, the tenant and scenario fields, the plan list (from the drain-status
 * route, which names every plan of each version) and opening a plan's review. The operator logs in with name and
 * secret (POST /api/v1/login); the API's session cookie then goes with every same-origin request, and the CSRF token
 * of the login answer is kept in memory only and sent as X-CSRF-Token on every state-changing request. Every API
 * request names the tenant in X-Tenant-ID. The address keeps the state in its fragment:
 * /console/#tenant=tenant-1&scenario=order-flow&plan=<id>.
 */
(function () {
  'use strict';

  var tenantInput = document.getElementById('tenant');
  var scenarioInput = document.getElementById('scenario');
  var planInput = document.getElementById('plan-id');
  var errorBox = document.getElementById('error');

  /** An API error: the status and the API's {"error", "message"} body. */
  function ApiError(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  function showError(e) {
    errorBox.hidden = false;
    errorBox.textContent = e instanceof ApiError
      ? 'The operator API answered ' + e.status + ' ' + e.code + ': ' + e.message
      : 'The request failed: ' + (e && e.message ? e.message : String(e));
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  /** The CSRF token of the logged-in session; in memory only. */
  var csrfToken = null;

  /**
   * Sends a request to the operator API and answers its JSON; rejects with an ApiError carrying the API's message.
   * A state-changing method carries the session's CSRF token; a body is sent as JSON.
   */
  function api(method, path, body) {
    var headers = { 'X-Tenant-ID': tenantInput.value.trim(), 'Accept': 'application/json' };
    if (method !== 'GET' && csrfToken) {
      headers['X-CSRF-Token'] = csrfToken;
    }
    var init = { method: method, headers: headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init)
      .then(function (r) {
        return r.text().then(function (text) {
          var body = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch (ignored) {
            body = null;
          }
          if (!r.ok) {
            throw new ApiError(r.status, body && body.error ? body.error : 'http_error',
              body && body.message ? body.message : text);
          }
          return body;
        });
      });
  }

  function getJson(path) {
    return api('GET', path);
  }

  function seg(s) {
    return encodeURIComponent(s);
  }

  function saveState(plan) {
    var p = new URLSearchParams();
    p.set('tenant', tenantInput.value.trim());
    p.set('scenario', scenarioInput.value.trim());
    if (plan) {
      p.set('plan', plan);
    }
    history.replaceState(null, '', '#' + p.toString());
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = String(text);
    tr.appendChild(td);
    return td;
  }

  /** Lists the scenario's versions and every plan that leads from or to one of them. */
  function loadPlans() {
    clearError();
    var scenario = scenarioInput.value.trim();
    saveState(null);
    return getJson('/api/v1/scenarios/' + seg(scenario) + '/versions').then(function (body) {
      var versions = document.querySelector('#versions tbody');
      var plans = document.querySelector('#plan-table tbody');
      versions.replaceChildren();
      plans.replaceChildren();
      var seen = {};
      body.versions.forEach(function (v) {
        var tr = document.createElement('tr');
        cell(tr, 'v' + v.version);
        cell(tr, v.current ? 'current' : '');
        cell(tr, v.sessions.total + ' (' + v.sessions.pending + ' pending a migration)');
        cell(tr, v.safe_to_retire ? 'yes' : 'no');
        versions.appendChild(tr);
        v.plans.forEach(function (p) {
          if (seen[p.plan_id]) {
            return;
          }
          seen[p.plan_id] = true;
          var row = document.createElement('tr');
          row.dataset.planId = p.plan_id;
          cell(row, p.plan_id);
          cell(row, 'v' + p.from_version + ' \u2192 v' + p.to_version);
          cell(row, p.status).className = 'status';
          var open = document.createElement('button');
          open.type = 'button';
          open.textContent = 'Review';
          open.className = 'review-plan';
          open.addEventListener('click', function () { openPlan(p.plan_id); });
          row.appendChild(document.createElement('td')).appendChild(open);
          plans.appendChild(row);
        });
      });
      document.getElementById('no-plans').hidden = Object.keys(seen).length > 0;
      document.getElementById('plan-list').hidden = false;
    }).catch(showError);
  }

  /** Opens a plan's review: the plan, then both of its versions. */
  function openPlan(planId) {
    clearError();
    planInput.value = planId;
    saveState(planId);
    return getJson('/api/v1/migration-plans/' + seg(planId)).then(function (plan) {
      var base = '/api/v1/scenarios/' + seg(plan.scenario_id) + '/versions/';
      return Promise.all([getJson(base + plan.from_version), getJson(base + plan.to_version)]).then(function (vs) {
        window.ScenarioReview.render(plan, vs[0], vs[1]);
      });
    }).catch(showError);
  }

  document.getElementById('scenario-form').addEventListener('submit', function (e) {
    e.preventDefault();
    loadPlans();
  });
  document.getElementById('plan-form').addEventListener('submit', function (e) {
    e.preventDefault();
    openPlan(planInput.value.trim());
  });

  /** Follows the address's fragment: its tenant and scenario, then its plan's review or the scenario's plans. */
  function follow() {
    var state = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (state.get('tenant')) {
      tenantInput.value = state.get('tenant');
    }
    if (state.get('scenario')) {
      scenarioInput.value = state.get('scenario');
    }
    if (state.get('plan')) {
      openPlan(state.get('plan'));
    } else if (state.get('scenario')) {
      loadPlans();
    }
  }

  // ------------------------------------------------------------------------------------------------ the session

  var loginSection = document.getElementById('login');
  var loginError = document.getElementById('login-error');
  var app = document.getElementById('app');
  var sessionBar = document.getElementById('session-bar');

  /** Shows the console for a session ({"operator", "tenants", "csrf_token"}), then follows the address. */
  function loggedIn(session) {
    csrfToken = session.csrf_token;
    document.getElementById('who').textContent = session.operator;
    loginSection.hidden = true;
    loginError.hidden = true;
    sessionBar.hidden = false;
    app.hidden = false;
    follow();
  }

  /** Shows the login form only: every table, review and field of the last session is cleared. */
  function loggedOut() {
    csrfToken = null;
    app.hidden = true;
    sessionBar.hidden = true;
    loginSection.hidden = false;
    document.getElementById('who').textContent = '';
    document.querySelector('#versions tbody').replaceChildren();
    document.querySelector('#plan-table tbody').replaceChildren();
    document.getElementById('plan-list').hidden = true;
    document.getElementById('review').hidden = true;
    clearError();
    document.getElementById('operator').focus();
  }

  document.getElementById('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var secret = document.getElementById('secret');
    api('POST', '/api/v1/login', { operator: document.getElementById('operator').value.trim(), secret: secret.value })
      .then(function (session) {
        secret.value = '';
        loggedIn(session);
      }, function (err) {
        loginError.hidden = false;
        loginError.textContent = err instanceof ApiError ? 'Log in failed: ' + err.message
          : 'Log in failed: ' + (err && err.message ? err.message : String(err));
      });
  });

  document.getElementById('log-out').addEventListener('click', function () {
    api('POST', '/api/v1/logout').then(loggedOut, function (err) {
      loggedOut();
      loginError.hidden = false;
      loginError.textContent = 'Log out: ' + err.message;
    });
  });

  window.addEventListener('hashchange', function () {
    if (csrfToken !== null) {
      follow();
    }
  });
  // an existing session (a reload): its token comes from GET /api/v1/session; without one, the login form
  api('GET', '/api/v1/session').then(loggedIn, loggedOut);
}());
