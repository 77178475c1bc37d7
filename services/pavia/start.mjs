// Pavia: the shared province service with this province's configuration; data lives in ./data.
import { runProvince } from "@regional/province-service";

await runProvince({ province: "PV", serviceDir: new URL(".", import.meta.url) });
