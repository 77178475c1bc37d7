// Lecco: the shared province service with this province's configuration; data lives in ./data.
import { runProvince } from "@regional/province-service";

await runProvince({ province: "LC", serviceDir: new URL(".", import.meta.url) });
