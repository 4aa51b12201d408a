/*
 * The plan review of the operator console: both versions' graphs side by side (Cytoscape.js), each step with its class
 * as text and as a data attribute, and a panel for the selected step. Host text (step names, field names, conditions,
 * messages) is only ever set with textContent or as a Cytoscape label, never parsed as markup.
 */
(function () {
  'use strict';

  var CLASS_TEXT = {
    clean_graft: 'clean graft', gap_fill: 'gap fill', re_route: 're-route', inserted: 'inserted',
    deleted: 'deleted', unmatched: 'not matched', checkpoint: 'checkpoint'
  };
  var SHAPES = {
    clean_graft: 'round-rectangle', gap_fill: 'hexagon', re_route: 'diamond', inserted: 'star',
    deleted: 'triangle', unmatched: 'ellipse'
  };
  var COLOURS = {
    clean_graft: '#2e7d32', gap_fill: '#f9a825', re_route: '#1565c0', inserted: '#6a1b9a',
    deleted: '#757575', unmatched: '#bdbdbd'
  };

  /** The graphs on the page, one per side; replaced by the next render. */
  var activeGraphs = {};

  /** A new element with its text; never markup. */
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  function classText(tokens) {
    return tokens.map(function (t) { return CLASS_TEXT[t] || t; }).join(' · ');
  }

  /**
   * The review's model: for each side ('from', 'to') its steps in version order, each with its class tokens (the
   * anchor's migration_scenario, inserted, deleted or unmatched, then checkpoint when it is one), its partners in the
   * other version, its anchor (if any), its deleted-step record (if any) and its checkpoint conflicts.
   */
  function buildModel(plan, fromVersion, toVersion) {
    var map = plan.transformation_map;
    var model = { plan: plan, versions: { from: fromVersion, to: toVersion }, from: [], to: [], byId: { from: {}, to: {} } };
    var anchorsFrom = {}, anchorsTo = {}, deleted = {}, inserted = {};
    map.anchors.forEach(function (a) {
      (anchorsFrom[a.from_step_id] = anchorsFrom[a.from_step_id] || []).push(a);
      (anchorsTo[a.to_step_id] = anchorsTo[a.to_step_id] || []).push(a);
    });
    map.deleted_steps.forEach(function (d) { deleted[d.step_id] = d; });
    map.new_steps.forEach(function (n) { inserted[n.step_id] = n; });

    function add(side, step, anchors, primary, partners, deletedStep) {
      var conflicts = [];
      anchors.forEach(function (a) { conflicts = conflicts.concat(a.checkpoint_conflicts || []); });
      var tokens = [primary];
      if (step.is_checkpoint) {
        tokens.push('checkpoint');
      }
      var s = {
        side: side, id: step.id, name: step.name, step: step, anchors: anchors, tokens: tokens,
        partners: partners, deleted: deletedStep || null, conflicts: conflicts
      };
      model[side].push(s);
      model.byId[side][step.id] = s;
    }
    fromVersion.steps.forEach(function (step) {
      var anchors = anchorsFrom[step.id] || [];
      var d = deleted[step.id];
      var primary = anchors.length ? anchors[0].migration_scenario : (d ? 'deleted' : 'unmatched');
      var partners = anchors.map(function (a) { return a.to_step_id; });
      if (d && d.relocate_to_step_id) {
        partners.push(d.relocate_to_step_id);
      }
      add('from', step, anchors, primary, partners, d);
    });
    toVersion.steps.forEach(function (step) {
      var anchors = anchorsTo[step.id] || [];
      var primary = anchors.length ? anchors[0].migration_scenario : (inserted[step.id] ? 'inserted' : 'unmatched');
      add('to', step, anchors, primary, anchors.map(function (a) { return a.from_step_id; }), null);
    });
    return model;
  }

  var STYLE = [
    { selector: 'node', style: {
      'label': 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 6,
      'font-size': 11, 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
      'width': 30, 'height': 30, 'border-width': 2, 'border-color': '#212121',
      'background-color': '#bdbdbd', 'shape': 'ellipse' } },
    { selector: 'node.checkpoint', style: { 'border-style': 'double', 'border-width': 7 } },
    { selector: 'node.conflict', style: { 'border-color': '#c62828' } },
    { selector: 'node.selected', style: { 'underlay-color': '#000', 'underlay-opacity': 0.25, 'underlay-padding': 9 } },
    { selector: 'node.partner', style: { 'underlay-color': '#ff6f00', 'underlay-opacity': 0.55, 'underlay-padding': 9 } },
    { selector: 'edge', style: {
      'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#616161',
      'target-arrow-color': '#616161', 'label': 'data(label)', 'font-size': 9, 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 1, 'text-background-padding': 2 } }
  ];
  Object.keys(SHAPES).forEach(function (c) {
    STYLE.splice(1, 0, { selector: 'node.' + c, style: { 'shape': SHAPES[c], 'background-color': COLOURS[c] } });
  });

  /** The number of levels of a version's graph from its start step (breadth first), for the height of its box. */
  function levels(version) {
    var next = {}, depth = {}, queue = [version.start_step_id], max = 1;
    version.steps.forEach(function (s) {
      next[s.id] = (s.transitions || []).map(function (t) { return t.to_step_id; });
    });
    depth[version.start_step_id] = 1;
    while (queue.length) {
      var id = queue.shift();
      (next[id] || []).forEach(function (to) {
        if (depth[to] === undefined) {
          depth[to] = depth[id] + 1;
          max = Math.max(max, depth[to]);
          queue.push(to);
        }
      });
    }
    return max + (version.steps.length - Object.keys(depth).length); // steps not reached get a level each
  }

  /** Draws one side's graph; calls done once laid out. */
  function drawGraph(container, version, steps, onSelect, done) {
    container.style.height = Math.max(320, 40 + 92 * levels(version)) + 'px';
    var elements = [];
    steps.forEach(function (s) {
      var label = s.name + '\n' + classText(s.tokens) + (s.conflicts.length ? '\n⚠ checkpoint conflict' : '');
      elements.push({ group: 'nodes', data: { id: s.id, label: label },
        classes: s.tokens.concat(s.conflicts.length ? ['conflict'] : []) });
    });
    version.steps.forEach(function (step) {
      (step.transitions || []).forEach(function (t, i) {
        elements.push({ group: 'edges', data: { id: 'edge ' + step.id + ' ' + i, source: step.id,
          target: t.to_step_id, label: t.condition || '' } });
      });
    });
    var cy = cytoscape({
      container: container, elements: elements, style: STYLE, autounselectify: true, boxSelectionEnabled: false,
      userZoomingEnabled: false, maxZoom: 1.2, minZoom: 0.2, layout: { name: 'preset' }
    });
    cy.on('tap', 'node', function (evt) { onSelect(evt.target.id()); });
    var layout = cy.layout({ name: 'breadthfirst', directed: true, roots: cy.getElementById(version.start_step_id),
      spacingFactor: 1.6, padding: 30, animate: false });
    layout.one('layoutstop', done);
    layout.run();
    return cy;
  }

  function stepButton(s, onSelect) {
    var b = el('button', null, 'step');
    b.type = 'button';
    b.dataset.side = s.side;
    b.dataset.stepId = s.id;
    b.dataset.class = s.tokens.join(' ');
    b.setAttribute('aria-pressed', 'false');
    b.appendChild(el('span', s.name, 'step-name'));
    b.appendChild(el('span', classText(s.tokens), 'step-class'));
    if (s.conflicts.length) {
      b.dataset.conflict = 'checkpoint';
      b.appendChild(el('span', '⚠ checkpoint conflict', 'step-warning'));
    }
    b.addEventListener('click', function () { onSelect(s.side, s.id); });
    return b;
  }

  function addRow(dl, term, value) {
    dl.appendChild(el('dt', term));
    var dd = el('dd');
    if (value instanceof Node) {
      dd.appendChild(value);
    } else {
      dd.textContent = String(value);
    }
    dl.appendChild(dd);
  }

  function list(items, cls) {
    var ul = el('ul', null, cls);
    items.forEach(function (t) { ul.appendChild(el('li', t)); });
    return ul;
  }

  /** The panel of a selected step: its class, partners, fields to collect, forks, conflicts and warnings. */
  function fillPanel(model, s) {
    var panel = document.getElementById('panel');
    var body = document.getElementById('panel-body');
    document.getElementById('panel-title').textContent = s.name;
    body.replaceChildren();
    panel.dataset.side = s.side;
    panel.dataset.stepId = s.id;
    var dl = el('dl', null, 'facts');
    addRow(dl, 'Version', (s.side === 'from' ? 'old, v' : 'new, v') + model.versions[s.side].version);
    addRow(dl, 'Step id', s.id);
    addRow(dl, 'Class', classText(s.tokens));
    var other = s.side === 'from' ? 'to' : 'from';
    addRow(dl, 'Partner', s.partners.length ? s.partners.map(function (id) {
      var p = model.byId[other][id];
      return p ? p.name + ' (' + id + ')' : id;
    }).join(', ') : 'none');
    if (s.deleted) {
      addRow(dl, 'Relocation', s.deleted.relocate_to_step_id
        ? s.deleted.relocation + ' to ' + s.deleted.relocate_to_step_id : s.deleted.relocation);
    }
    body.appendChild(dl);
    var fields = [], forks = [], hashes = {};
    s.anchors.forEach(function (a) {
      hashes[a.anchor_content_hash] = true;
      a.upstream_changes.inserted_nodes.forEach(function (n) {
        n.collects_fields.forEach(function (f) { fields.push(f + ': collected by inserted step \u2018' + n.node_name + '\u2019'); });
      });
      a.upstream_changes.new_forks.concat(a.downstream_changes.new_forks).forEach(function (f) {
        f.branches.forEach(function (b) {
          forks.push('at \u2018' + f.fork_name + '\u2019 \u2192 \u2018' + b.target_name + '\u2019'
            + (b.condition ? ' when ' + b.condition : ''));
        });
      });
    });
    var transitions = (s.step.transitions || []).map(function (t) {
      var target = model.byId[s.side][t.to_step_id];
      return '\u2192 ' + (target ? target.name : t.to_step_id) + (t.condition ? ' when ' + t.condition : '');
    });
    var warnings = model.plan.summary.warnings.filter(function (w) { return hashes[w.anchor_content_hash]; })
      .map(function (w) { return w.severity + ': ' + w.message; });
    [['Fields to collect', fields, 'fields'], ['New forks', forks, 'forks'], ['Transitions', transitions, 'transitions'],
      ['Warnings', warnings, 'panel-warnings']].forEach(function (part) {
      if (part[1].length) {
        body.appendChild(el('h4', part[0]));
        body.appendChild(list(part[1], part[2]));
      }
    });
    panel.hidden = false;
  }

  /**
   * Renders the review of a plan from its JSON and its two versions' JSON into the #review section; sets
   * data-ready="true" on it once both graphs are laid out.
   */
  function render(plan, fromVersion, toVersion) {
    var section = document.getElementById('review');
    section.dataset.ready = 'false';
    section.dataset.planId = plan.id;
    section.hidden = false;
    document.getElementById('panel').hidden = true;
    var model = buildModel(plan, fromVersion, toVersion);

    var facts = document.getElementById('plan-facts');
    facts.replaceChildren();
    var sum = plan.summary;
    addRow(facts, 'Plan', plan.id);
    addRow(facts, 'Scenario', plan.scenario_id + ': v' + plan.from_version + ' \u2192 v' + plan.to_version);
    addRow(facts, 'Status', plan.status);
    addRow(facts, 'Anchors', sum.total_anchors + ' (' + sum.anchors_with_clean_graft + ' clean graft, '
      + sum.anchors_with_gap_fill + ' gap fill, ' + sum.anchors_with_re_route + ' re-route)');
    addRow(facts, 'Steps', sum.new_steps + ' inserted, ' + sum.deleted_steps + ' deleted');
    addRow(facts, 'Sessions affected (estimate)', sum.estimated_sessions_affected);

    var warnings = document.getElementById('warnings');
    warnings.replaceChildren();
    sum.warnings.forEach(function (w) {
      var li = el('li', null, 'warning ' + w.severity);
      li.dataset.code = w.code;
      li.dataset.severity = w.severity;
      li.appendChild(el('span', w.severity, 'severity'));
      li.appendChild(el('span', ' ' + w.message));
      warnings.appendChild(li);
    });
    if (!sum.warnings.length) {
      warnings.appendChild(el('li', 'none'));
    }

    ['from', 'to'].forEach(function (side) {
      if (activeGraphs[side]) {
        activeGraphs[side].destroy();
      }
    });
    var graphs = activeGraphs, buttons = { from: {}, to: {} }, pending = 2;
    function select(side, id) {
      var s = model.byId[side][id];
      var other = side === 'from' ? 'to' : 'from';
      ['from', 'to'].forEach(function (k) {
        Object.keys(buttons[k]).forEach(function (bid) {
          var b = buttons[k][bid];
          var chosen = k === side && bid === id;
          b.setAttribute('aria-pressed', chosen ? 'true' : 'false');
          b.dataset.selected = chosen ? 'true' : 'false';
          b.dataset.partner = k === other && s.partners.indexOf(bid) >= 0 ? 'true' : 'false';
        });
        var cy = graphs[k];
        cy.nodes().removeClass('selected partner');
        if (k === side) {
          cy.getElementById(id).addClass('selected');
        } else {
          s.partners.forEach(function (p) { cy.getElementById(p).addClass('partner'); });
        }
        var container = cy.container();
        container.dataset.selected = cy.nodes('.selected').map(function (n) { return n.id(); }).join(' ');
        container.dataset.highlighted = cy.nodes('.partner').map(function (n) { return n.id(); }).join(' ');
      });
      fillPanel(model, s);
    }
    ['from', 'to'].forEach(function (side) {
      var box = document.getElementById(side + '-side');
      var version = model.versions[side];
      box.querySelector('.version-title').textContent = (side === 'from' ? 'Old: ' : 'New: ') + version.name
        + ' v' + version.version;
      var ul = box.querySelector('.steps');
      ul.replaceChildren();
      model[side].forEach(function (s) {
        var li = el('li');
        var b = stepButton(s, select);
        buttons[side][s.id] = b;
        li.appendChild(b);
        ul.appendChild(li);
      });
      var container = document.getElementById(side + '-graph');
      container.setAttribute('aria-label', 'graph of ' + version.name + ' v' + version.version
        + '; the same steps are listed below as buttons');
      graphs[side] = drawGraph(container, version, model[side], function (id) { select(side, id); }, function () {
        pending -= 1;
        if (pending === 0) {
          section.dataset.ready = 'true';
        }
      });
    });
    return model;
  }

  window.ScenarioReview = { render: render, buildModel: buildModel };
}());
