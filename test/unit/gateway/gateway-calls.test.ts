import { afterAll, describe, expect, it } from "vitest";
import { visitHistoryRequest, xml0Request } from "#functions/gateway/gateway-calls";
import { passwordDigest } from "#functions/gateway/password-digest";
import { postXml0, takeSession } from "#functions/gateway/xml0-client";
import { type CapturedRequest, startCapture } from "#test/support/http-capture";

// Answers written as the gateway writes them (domain notes §5 and §8).
const TOKEN_ANSWER =
  '{"maKetQua":"200","APIKey":{"access_token":"eyJhbGciOi.access","id_token":"eyJhbGciOi.id","token_type":"Bearer","username":"01001_BV","expires_in":"2026-12-07T09:05:00+07:00"}}';
const XML0_ANSWER =
  '{"maKetQua":"200","maGiaoDich":"GD-2026-000123","thoiGianTiepNhan":"20261207080531","thongDiep":"Tiếp nhận thành công"}';

const SESSION = {
  username: "01001_BV",
  passwordDigest: "BB8142DD7A4840F1892A16C1A5DD3B0A",
  accessToken: "eyJhbGciOi.access",
  idToken: "eyJhbGciOi.id",
};

const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function capture(answer: string) {
  const server = await startCapture(answer);
  servers.push(server);
  return server;
}

function only(seen: readonly CapturedRequest[]): CapturedRequest {
  expect(seen).toHaveLength(1);
  const [request] = seen;
  if (request === undefined) throw new Error("no request arrived");
  return request;
}

describe("the gateway calls as they travel", () => {
  it("sends token/take the MD5 digest of the password, upper-case, never the password", async () => {
    const gateway = await capture(TOKEN_ANSWER);
    const outcome = await takeSession(
      fetch,
      `${gateway.url}/`,
      { username: "01001_BV", password: "Bv01001@Tiếp đón" },
      2000,
    );
    const request = only(gateway.seen);
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/api/token/take");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    // md5sum of the UTF-8 text "Bv01001@Tiếp đón" is bb8142dd7a4840f1892a16c1a5dd3b0a.
    expect(request.body).toBe("username=01001_BV&password=BB8142DD7A4840F1892A16C1A5DD3B0A");
    expect(request.body).not.toContain("Bv01001");
    expect(outcome).toEqual({ kind: "session", session: SESSION, expiresIn: "2026-12-07T09:05:00+07:00" });
  });

  it("digests as md5sum does", () => {
    expect(passwordDigest("123456")).toBe("E10ADC3949BA59ABBE56E057F20F883E");
  });

  it("asks Lskcb2025 with the account in the query string and a form body", async () => {
    const gateway = await capture('{"maKetQua":"000","ghiChu":"Thành công","dsLichSuKCB2025":[]}');
    const request = visitHistoryRequest(gateway.url, SESSION, {
      maThe: "DN4010123456789",
      hoTen: "Nguyễn Văn An",
      ngaySinh: "15/03/1990",
      hoTenCb: "Nguyễn Thị Tiếp Đón",
      cccdCb: "001190000001",
    });
    await fetch(request.url, request.init);
    const seen = only(gateway.seen);
    expect(seen.url).toBe(
      "/api/egw/Lskcb2025?token=eyJhbGciOi.access&id_token=eyJhbGciOi.id&username=01001_BV&password=BB8142DD7A4840F1892A16C1A5DD3B0A",
    );
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen.body).toBe(
      "maThe=DN4010123456789&hoTen=Nguy%E1%BB%85n+V%C4%83n+An&ngaySinh=15%2F03%2F1990" +
        "&hoTenCb=Nguy%E1%BB%85n+Th%E1%BB%8B+Ti%E1%BA%BFp+%C4%90%C3%B3n&cccdCb=001190000001",
    );
  });

  it("posts an XML0 to checkInKcbQd3176 with the tokens and digest as headers and the file in Base64", async () => {
    const gateway = await capture(XML0_ANSWER);
    const xml =
      "<CHI_TIEU_TRANG_THAI_KCB><HO_TEN><![CDATA[Nguyễn Văn An]]></HO_TEN></CHI_TIEU_TRANG_THAI_KCB>";
    const outcome = await postXml0(fetch, xml0Request(gateway.url, SESSION, "01001", xml), 2000);
    const seen = only(gateway.seen);
    expect(seen.url).toBe("/api/qd130/checkInKcbQd3176");
    expect(seen.headers.accesstoken).toBe("eyJhbGciOi.access");
    expect(seen.headers.tokenid).toBe("eyJhbGciOi.id");
    expect(seen.headers.passwordhash).toBe("BB8142DD7A4840F1892A16C1A5DD3B0A");
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(seen.body);
    expect([...form.keys()]).toEqual(["username", "loaiHoSo", "maTinh", "maCSKCB", "fileHSBase64"]);
    expect(form.get("username")).toBe("01001_BV");
    expect(form.get("loaiHoSo")).toBe("0");
    expect(form.get("maTinh")).toBe("01");
    expect(form.get("maCSKCB")).toBe("01001");
    // Base64 of the UTF-8 text above, made with `base64 -w0`.
    expect(form.get("fileHSBase64")).toBe(
      "PENISV9USUVVX1RSQU5HX1RIQUlfS0NCPjxIT19URU4+PCFbQ0RBVEFbTmd1eeG7hW4gVsSDbiBBbl1dPjwvSE9fVEVOPjwvQ0hJX1RJRVVfVFJBTkdfVEhBSV9LQ0I+",
    );
    expect(outcome).toEqual({
      kind: "accepted",
      transactionId: "GD-2026-000123",
      receivedAt: "20261207080531",
    });
  });

  it("tells a refusal worth retrying from one that is final, and an expired session", async () => {
    const busy = await capture(
      '{"maKetQua":"500","maGiaoDich":null,"thoiGianTiepNhan":null,"thongDiep":"Lỗi hệ thống"}',
    );
    const refused = await capture(
      '{"maKetQua":"205","maGiaoDich":null,"thoiGianTiepNhan":null,"thongDiep":"Sai MA_LK"}',
    );
    const expired = await capture(
      '{"maKetQua":"401","maGiaoDich":null,"thoiGianTiepNhan":null,"thongDiep":"Token hết hạn"}',
    );
    const send = (url: string) => postXml0(fetch, xml0Request(url, SESSION, "01001", "<x/>"), 2000);
    expect(await send(busy.url)).toEqual({
      kind: "refused",
      code: "500",
      message: "Lỗi hệ thống",
      retryable: true,
    });
    expect(await send(refused.url)).toEqual({
      kind: "refused",
      code: "205",
      message: "Sai MA_LK",
      retryable: false,
    });
    expect(await send(expired.url)).toEqual({ kind: "session-expired" });
    expect(await send("http://127.0.0.1:9")).toEqual({ kind: "unavailable", status: null });
  });
});
