/*
 * The operator console's page: the tenant and scenario fields, the plan list (from the drain-status route, which names
 * every plan of each version) and opening a plan's review. Every request names the tenant in X-Tenant-ID. The address
 * keeps the state in its fragment: /console/#tenant=tenant-1&scenario=order-flow&plan=<id>.
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

  /** GETs a path of the operator API as JSON; rejects with an ApiError carrying the API's message. */
  function getJson(path) {
    var tenant = tenantInput.value.trim();
    return fetch(path, { headers: { 'X-Tenant-ID': tenant, 'Accept': 'application/json' }, credentials: 'same-origin' })
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

  window.addEventListener('hashchange', follow);
  follow();
}());
