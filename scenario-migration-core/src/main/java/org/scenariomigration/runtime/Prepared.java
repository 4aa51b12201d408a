package org.scenariomigration.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scenariomigration.scenario.CollectedField;
import org.scenariomigration.scenario.FieldType;
import org.scenariomigration.scenario.NewFork;

/**
 * What a migration at one anchor needs, computed once per anchor of a transformation map (its target version is
 * fixed by the map): the required fields the inserted upstream steps collect, those plus the fields the diverting
 * forks read, and the diverting forks nearest the start first.
 */
record Prepared(List<CollectedField> gapFillFields, List<CollectedField> reRouteFields, List<NewFork> forks) {
  /** The gap-fill fields and the fields these forks read that no step computes. */
  List<CollectedField> fieldsFor(List<NewFork> counting) {
    if (counting.size() == forks.size()) {
      return reRouteFields;
    }
    Map<String, CollectedField> out = new LinkedHashMap<>();
    gapFillFields.forEach(f -> out.put(f.name(), f));
    for (NewFork fork : counting) {
      for (String f : fork.fieldsRead()) {
        if (!fork.computedFields().contains(f)) {
          out.putIfAbsent(f, field(f));
        }
      }
    }
    return List.copyOf(out.values());
  }

  /** The field of this name that the migration needs, or a required field of that name. */
  CollectedField field(String name) {
    for (CollectedField f : reRouteFields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return CollectedField.required(name, FieldType.ANY);
  }
}
