/**
 * @module stages/persons
 * PERSON entities: each person once, named by the fullest form, with its aliases (nicknames, kunyas,
 * short forms), every mention, and the roles and affiliations the text states.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { recognizePersons } from "../../persons/index.ts";

export const personsStage = defineStage({
  name: "rasd.persons.v1",
  requires: ["doc.tokens", "doc.actors"],
  assigns: ["doc.personEntities"],
  run(doc) {
    doc.personEntities = recognizePersons(doc).entities;
    return doc;
  },
});
