import { UUID_PATTERN } from "@ecommerce/domain-kernel";
import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; depending on the loader its function is the module or its `.default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

function ajv(options: Options): Ajv {
  const instance = new Ajv({
    allErrors: true,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
    // The schema beside each error lets the error handler write a sentence ("must not be 0").
    verbose: true,
    ...options,
  });
  addFormats(instance);
  // ajv-formats' uuid also takes "urn:uuid:…", which PostgreSQL's uuid type refuses: ids are bare.
  instance.addFormat("uuid", new RegExp(UUID_PATTERN, "i"));
  return instance;
}

/** The JSON pointer of the first string holding half a surrogate pair, if any. */
function illFormedString(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.isWellFormed() ? undefined : path;
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = illFormedString(item, `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Bodies are validated strictly (a string "2" is not a quantity, unknown fields are refused), while
 * query strings, params and headers, which are text by nature, are converted to their declared types.
 * JSON can carry half a surrogate pair ("\ud800"), which no UTF-8 store can hold: refused in any body
 * field, whatever its schema says.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = ajv({ coerceTypes: false });
  const coercing = ajv({ coerceTypes: "array" });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart !== "body") return coercing.compile(schema);
    const validate = strict.compile(schema);
    const checked = (data: unknown) => {
      const path = illFormedString(data);
      checked.errors = validate(data) ? null : validate.errors;
      if (path !== undefined) {
        const error = {
          instancePath: path,
          schemaPath: "#",
          keyword: "wellFormed",
          params: {},
          message: "must not contain half of a surrogate pair (ill-formed text)",
        };
        checked.errors = [error, ...(checked.errors ?? [])];
      }
      return checked.errors === null;
    };
    checked.errors = null as typeof validate.errors;
    return checked;
  });
}
