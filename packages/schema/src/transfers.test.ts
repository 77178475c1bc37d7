import { describe, expect, it } from "vitest";
import { EnvironmentError, loadProvinceEnv } from "./env.ts";
import { provinceSubgraphSdl } from "./federation.ts";
import { provinceByCode } from "./provinces.ts";
import { allProvincesTransfersRequires, TRANSFER_RECORD_FIELDS, TRANSFER_STATE_RANK, TRANSFER_STATES } from "./transfers.ts";

describe("transfer configuration", () => {
  it("defaults every peer to its local port and a 72 h hold", () => {
    const { transfers } = loadProvinceEnv({ PROVINCE: "LO", PORT_BG: "5001" });
    expect(transfers.peerUrls.BG).toBe("http://127.0.0.1:5001");
    expect(transfers.peerUrls.PV).toBe("http://127.0.0.1:4007");
    expect(transfers).toMatchObject({ holdMs: 72 * 3_600_000, messageWindowMs: 300_000, retryMaxMs: 60_000, peerKeyFiles: {}, trustedKeysDir: undefined });
  });

  it("takes peers' addresses and keys, and the hold, from the environment", () => {
    const { transfers } = loadProvinceEnv({
      PROVINCE: "LO",
      PEER_URL_BG: "https://bergamo.example:8443",
      PEER_PUBLIC_KEY_BG: "/etc/regional/bg.pub.pem",
      TRANSFER_HOLD_HOURS: "1.5",
      TRANSFER_TRUSTED_KEYS_DIR: "/etc/regional/peers",
    });
    expect(transfers).toMatchObject({
      peerKeyFiles: { BG: "/etc/regional/bg.pub.pem" },
      holdMs: 5_400_000,
      trustedKeysDir: "/etc/regional/peers",
    });
    expect(transfers.peerUrls.BG).toBe("https://bergamo.example:8443");
  });

  it("lists every bad transfer variable at once", () => {
    try {
      loadProvinceEnv({ PROVINCE: "LO", PEER_URL_CR: "not a url", TRANSFER_HOLD_HOURS: "0", TRANSFER_MESSAGE_WINDOW_SECONDS: "1" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const problems = (error as EnvironmentError).problems.join("\n");
      for (const name of ["PEER_URL_CR", "TRANSFER_HOLD_HOURS", "TRANSFER_MESSAGE_WINDOW_SECONDS"]) expect(problems).toContain(name);
    }
  });
});

describe("transfer records in the federation template", () => {
  it("gives each province an internal list of its transfer records on Region", () => {
    const sdl = provinceSubgraphSdl(provinceByCode("CR"));
    expect(sdl).toMatch(/cremonaTransfers: \[TransferRecord!\] @inaccessible/);
    expect(sdl).toMatch(/type TransferRecord @shareable @inaccessible/);
  });

  it("selects every record field for the region subgraph", () => {
    const requires = allProvincesTransfersRequires();
    for (const field of TRANSFER_RECORD_FIELDS) expect(requires).toContain(` ${field} `);
    expect(requires.match(/Transfers \{/g)).toHaveLength(7);
  });

  it("ranks every state, endings above the moves before them", () => {
    for (const state of TRANSFER_STATES) expect(TRANSFER_STATE_RANK[state]).toBeGreaterThan(0);
    expect(TRANSFER_STATE_RANK.ARRIVED).toBeGreaterThan(TRANSFER_STATE_RANK.CANCELLED);
    expect(TRANSFER_STATE_RANK.CANCELLED).toBeGreaterThan(TRANSFER_STATE_RANK.DEPARTED);
  });
});
