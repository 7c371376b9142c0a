import { expect, it } from "vitest";
import { paginationIssues } from "./pagination.js";

it("accepts a coherent middle page", () => {
  const pagination = { totalRecords: 5, pageSize: 2, currentPage: 2, totalPages: 3, nextPage: 3, previousPage: 1 };
  expect(paginationIssues(pagination, [{}, {}], 2, 2, "users")).toEqual([]);
});

it("accepts a last page and an empty list", () => {
  expect(paginationIssues({ totalRecords: 5, pageSize: 2, currentPage: 3, totalPages: 3, nextPage: null, previousPage: 2 }, [{}], 3, 2, "users")).toEqual([]);
  expect(paginationIssues({ totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null }, [], 1, 100, "events")).toEqual([]);
});

it("names every field that contradicts the request or the items", () => {
  const pagination = { totalRecords: 5, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: 2, previousPage: 0 };
  expect(paginationIssues(pagination, [{}, {}, {}], 2, 2, "users")).toEqual([
    { field: "body.pagination.currentPage", pointer: "/pagination/currentPage", message: "expected 2 (the requested page), got 1" },
    { field: "body.pagination.pageSize", pointer: "/pagination/pageSize", message: "expected 2 (the requested pageSize), got 100" },
    { field: "body.pagination.totalPages", pointer: "/pagination/totalPages", message: "expected 3 (5 records / pageSize 2), got 1" },
    { field: "body.pagination.nextPage", pointer: "/pagination/nextPage", message: "expected 3 on page 2 of 3, got 2" },
    { field: "body.pagination.previousPage", pointer: "/pagination/previousPage", message: "expected 1 on page 2, got 0" },
    { field: "body.users", pointer: "/users", message: "expected 2 items (page 2, pageSize 2, 5 records), got 3" },
  ]);
});
