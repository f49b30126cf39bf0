#include "core/util/nearest.hpp"

#include <gtest/gtest.h>

#include <vector>

using sipsurv::edit_distance;
using sipsurv::nearest;

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps)
{
  EXPECT_EQ(edit_distance("status", "status"), 0U);
  EXPECT_EQ(edit_distance("statsu", "status"), 1U); // adjacent swap
  EXPECT_EQ(edit_distance("stat", "status"), 2U);
  EXPECT_EQ(edit_distance("STATUS", "status"), 0U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

TEST(Nearest, SuggestsOnlyALikelyTypo)
{
  const std::vector<std::string> commands{"resolve", "probe", "simulate", "status", "watch"};
  EXPECT_EQ(nearest("statsu", commands), "status");
  EXPECT_EQ(nearest("simulte", commands), "simulate");
  EXPECT_EQ(nearest("prob", commands), "probe");
  EXPECT_EQ(nearest("frobnicate", commands), std::nullopt);
  EXPECT_EQ(nearest("x", commands), std::nullopt);
  const std::vector<std::string> options{"--timeout", "--transport", "--format"};
  EXPECT_EQ(nearest("--timout", options), "--timeout");
  EXPECT_EQ(nearest("--transprot", options), "--transport");
}

TEST(Nearest, ATieSuggestsNothing)
{
  const std::vector<std::string> hosts{"sip1.example.com", "sip2.example.com"};
  EXPECT_EQ(nearest("sip3.example.com", hosts), std::nullopt);
  EXPECT_EQ(nearest("sip1.exmaple.com", hosts), "sip1.example.com");
}
